package org.slurmllm.cluster.entity;

import java.util.Map;
import java.util.Objects;

/**
 * What to run and what it needs, independent of how it is submitted. The script is a complete batch
 * script; resources are given here, never as {@code #SBATCH} lines, so every scheduler
 * implementation applies them the same way. Null strings mean "the cluster's default", but for the
 * working directory and the output file: without them SLURM writes {@code slurm-<id>.out} into
 * whatever directory the gateway runs in (a stray one once landed in this project's tree).
 */
public record JobRequest(
    String name,
    String script,
    String workingDirectory,
    String outputFile,
    Map<String, String> environment,
    String partition,
    String account,
    String qos,
    String constraint,
    int gpus,
    int cpus,
    int memoryMb,
    int timeLimitMinutes) {

  public JobRequest {
    Objects.requireNonNull(workingDirectory, "workingDirectory");
    Objects.requireNonNull(outputFile, "outputFile");
    environment = Map.copyOf(environment);
  }
}
