package org.slurmllm.cluster.entity;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What to run and what it needs, independent of how it is submitted. The script is a complete batch
 * script; resources are given here, never as {@code #SBATCH} lines, so every scheduler
 * implementation applies them the same way. Null strings mean "the cluster's default", but for the
 * working directory and the output file: without them SLURM writes {@code slurm-<id>.out} into
 * whatever directory the gateway runs in (a stray one once landed in this project's tree). {@code
 * nice} above 0 lowers the job's priority (SLURM's {@code --nice}): work that yields to replicas.
 * {@code nodes} is how many nodes the job spans (one task on each, the resources per node); {@code
 * excludeNodes} the nodes it must not run on (anti-affinity), where the scheduler can say so.
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
    int timeLimitMinutes,
    int nice,
    int nodes,
    List<String> excludeNodes) {

  public JobRequest {
    Objects.requireNonNull(workingDirectory, "workingDirectory");
    Objects.requireNonNull(outputFile, "outputFile");
    environment = Map.copyOf(environment);
    excludeNodes = excludeNodes == null ? List.of() : List.copyOf(excludeNodes);
    if (nodes < 1) {
      throw new IllegalArgumentException("a job spans at least one node: " + nodes);
    }
  }

  /** A job at the default priority. */
  public JobRequest(
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
    this(
        name,
        script,
        workingDirectory,
        outputFile,
        environment,
        partition,
        account,
        qos,
        constraint,
        gpus,
        cpus,
        memoryMb,
        timeLimitMinutes,
        0,
        1,
        List.of());
  }

  /**
   * The same job placed elsewhere: in {@code partition} and {@code qos} where given (null or blank:
   * as it was), at {@code nice}.
   */
  public JobRequest placed(String partition, String qos, int nice) {
    return copy(
        partition == null || partition.isBlank() ? this.partition : partition,
        qos == null || qos.isBlank() ? this.qos : qos,
        nice,
        nodes,
        excludeNodes);
  }

  /** The same job over {@code nodes} nodes, none of them one of {@code excludeNodes}. */
  public JobRequest spread(int nodes, List<String> excludeNodes) {
    return copy(partition, qos, nice, nodes, excludeNodes);
  }

  private JobRequest copy(
      String inPartition, String withQos, int atNice, int spanning, List<String> excluded) {
    return new JobRequest(
        name,
        script,
        workingDirectory,
        outputFile,
        environment,
        inPartition,
        account,
        withQos,
        constraint,
        gpus,
        cpus,
        memoryMb,
        timeLimitMinutes,
        atNice,
        spanning,
        excluded);
  }
}
