package org.slurmllm.cluster.control;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The processes of the local launcher's jobs: a job's script started as SLURM would start it (its
 * environment, SLURM's variables, output appended to the job's file), and stopped with its whole
 * process tree.
 */
final class LocalProcesses {

  private LocalProcesses() {}

  /** Starts the job's script with the launcher's environment, the job's and SLURM's variables. */
  static Process start(LocalJob job, Map<String, String> environment, List<Integer> devices)
      throws IOException {
    Path script = Files.createTempFile("slurmllm-job-" + job.id + "-", ".sh");
    Files.writeString(script, job.request.script());
    script.toFile().deleteOnExit();
    ProcessBuilder builder = new ProcessBuilder("bash", script.toString());
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
   * script): politely, then by force after 5 seconds.
   */
  static void stop(Process p) {
    p.descendants().forEach(ProcessHandle::destroy);
    p.destroy();
    p.onExit()
        .orTimeout(5, TimeUnit.SECONDS)
        .exceptionally(
            e -> {
              p.descendants().forEach(ProcessHandle::destroyForcibly);
              p.destroyForcibly();
              return p;
            });
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
