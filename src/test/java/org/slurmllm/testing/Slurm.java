package org.slurmllm.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The development cluster's own tools, to check and disturb what the application did. */
public final class Slurm {

  private Slurm() {}

  /** The job's state in squeue ("RUNNING", ...), or "" once SLURM has no live job of that id. */
  public static String squeueState(String jobId) {
    String out = run("squeue", "-h", "-j", jobId, "-o", "%T").strip();
    return out.startsWith("slurm_load_jobs error") ? "" : out;
  }

  /**
   * The job's state from slurmctld's memory (finished jobs too, for a few minutes): "COMPLETED"...
   */
  public static String jobState(String jobId) {
    String out = run("scontrol", "show", "job", "-o", jobId);
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("JobState=(\\S+)").matcher(out);
    return m.find() ? m.group(1) : "";
  }

  public static void scancel(String jobId) {
    run("scancel", jobId);
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
