package org.slurmllm.cluster.control;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The processes of the local launcher's jobs: a job's script started as SLURM would start it (its
 * environment, SLURM's variables, output appended to the job's file), and stopped with its whole
 * process tree.
 */
final class LocalProcesses {

  private static final Logger LOG = Logger.getLogger(LocalProcesses.class.getName());
  private static final Path SETSID = Path.of("/usr/bin/setsid");

  private LocalProcesses() {}

  /** Starts the job's script with the launcher's environment, the job's and SLURM's variables. */
  static Process start(LocalJob job, Map<String, String> environment, List<Integer> devices)
      throws IOException {
    Path script = Files.createTempFile("slurmllm-job-" + job.id + "-", ".sh");
    Files.writeString(script, job.request.script());
    script.toFile().deleteOnExit();
    // a process group of its own (setsid): its server goes with it even once the script is gone
    ProcessBuilder builder =
        Files.isExecutable(SETSID)
            ? new ProcessBuilder(SETSID.toString(), "bash", script.toString())
            : new ProcessBuilder("bash", script.toString());
    builder.directory(new File(job.request.workingDirectory()));
    Map<String, String> env = builder.environment();
    env.clear();
    env.putAll(environment);
    env.putAll(job.request.environment());
    env.putAll(slurmVariables(job, devices));
    File output = new File(job.request.outputFile().replace("%j", job.id));
    output.getParentFile().mkdirs();
    builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(output));
    return builder.start();
  }

  /**
   * Ends the process and everything it started (a model server is often a grandchild of the
   * script): politely, then by force after the grace period. Does not wait.
   */
  static void stop(Process p, Duration grace) {
    terminate(p);
    p.onExit()
        .orTimeout(grace.toMillis(), TimeUnit.MILLISECONDS)
        .exceptionally(
            e -> {
              kill(p);
              return p;
            });
  }

  /** Waits for the processes (already sent SIGTERM) until the grace period ends, then kills. */
  static void awaitOrKill(List<Process> processes, Duration grace) {
    long deadline = System.nanoTime() + grace.toNanos();
    for (Process p : processes) {
      try {
        if (!p.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
          LOG.warning(() -> "local job process " + p.pid() + " ignored SIGTERM: killed");
          kill(p);
          p.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        kill(p);
      }
    }
  }

  /** SIGTERM to the job's process group and to every descendant that left it. */
  static void terminate(Process p) {
    p.descendants().forEach(ProcessHandle::destroy);
    LocalJobRecords.signalGroup(p.pid(), "TERM");
    p.destroy();
  }

  /** SIGKILL likewise. */
  static void kill(Process p) {
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    LocalJobRecords.signalGroup(p.pid(), "KILL");
    p.destroyForcibly();
  }

  static Map<String, String> slurmVariables(LocalJob job, List<Integer> devices) {
    Map<String, String> v = new HashMap<>();
    v.put("SLURM_JOB_ID", job.id);
    v.put("SLURM_JOB_NAME", job.request.name());
    v.put("SLURM_CPUS_PER_TASK", Integer.toString(job.request.cpus()));
    v.put("SLURM_MEM_PER_NODE", Integer.toString(job.request.memoryMb()));
    v.put("SLURMD_NODENAME", LocalScheduler.NODE);
    v.put("SLURM_JOB_PARTITION", "local");
    if (!devices.isEmpty()) {
      v.put(
          "CUDA_VISIBLE_DEVICES", String.join(",", devices.stream().map(String::valueOf).toList()));
    }
    return v;
  }
}
