package org.slurmllm.cluster.entity;

import java.time.Instant;

/**
 * What the scheduler says of one job now. {@code reason} is the scheduler's own explanation (why
 * pending, why failed); {@code endTime} of a running job is when its time limit ends it.
 */
public record JobStatus(
    String jobId,
    JobState state,
    String reason,
    String node,
    Integer exitCode,
    Instant startTime,
    Instant endTime) {

  public static JobStatus unknown(String jobId) {
    return new JobStatus(
        jobId, JobState.UNKNOWN, "the scheduler has no record of the job", null, null, null, null);
  }
}
