package org.slurmllm.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The test servers' cluster's own tools (those of {@code it.slurm.bin}: Slurm 24.11's, through the
 * chroot's wrappers), to check and disturb what the application did.
 */
public final class Slurm {

  private static final String BIN = System.getProperty("it.slurm.bin", "");

  private Slurm() {}

  public static String tool(String name) {
    return BIN.isEmpty() ? name : BIN + "/" + name;
  }

  /** The job's state in squeue ("RUNNING", ...), or "" once SLURM has no live job of that id. */
  public static String squeueState(String jobId) {
    String out = run(tool("squeue"), "-h", "-j", jobId, "-o", "%T").strip();
    return out.startsWith("slurm_load_jobs error") ? "" : out;
  }

  /**
   * The job's state from slurmctld's memory (finished jobs too, for a few minutes): "COMPLETED"...
   */
  public static String jobState(String jobId) {
    String out = run(tool("scontrol"), "show", "job", "-o", jobId);
    Matcher m = Pattern.compile("JobState=(\\S+)").matcher(out);
    return m.find() ? m.group(1) : "";
  }

  /** sbatch with these arguments; what it printed. */
  public static String sbatch(String... arguments) {
    String[] command = new String[arguments.length + 1];
    command[0] = tool("sbatch");
    System.arraycopy(arguments, 0, command, 1, arguments.length);
    return run(command);
  }

  public static void scancel(String jobId) {
    run(tool("scancel"), jobId);
  }

  public static String run(String... command) {
    try {
      Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor();
      return out;
    } catch (IOException e) {
      throw new AssertionError("cannot run " + command[0], e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
