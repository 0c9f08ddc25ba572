package org.slurmllm.cluster.entity;

/**
 * What one job would ask of the cluster, to be checked before anything is submitted. Null strings
 * mean the cluster's default (or none), as in {@link JobRequest}.
 */
public record JobShape(
    String partition,
    String account,
    String qos,
    String constraint,
    int gpus,
    int cpus,
    long memoryMb,
    int timeLimitMinutes,
    int nodes) {

  /** A job on one node. */
  public JobShape(
      String partition,
      String account,
      String qos,
      String constraint,
      int gpus,
      int cpus,
      long memoryMb,
      int timeLimitMinutes) {
    this(partition, account, qos, constraint, gpus, cpus, memoryMb, timeLimitMinutes, 1);
  }

  /**
   * A job of this shape that does nothing, for a scheduler that can test one without running it.
   */
  public JobRequest asRequest(String name) {
    return new JobRequest(
            name,
            "#!/bin/sh\ntrue\n",
            "/tmp",
            "/dev/null",
            java.util.Map.of(),
            partition,
            account,
            qos,
            constraint,
            gpus,
            cpus,
            (int) memoryMb,
            timeLimitMinutes)
        .spread(nodes, java.util.List.of());
  }
}
