package org.slurmllm.cluster.control;

import java.time.Instant;
import java.util.List;
import org.slurmllm.cluster.entity.JobRequest;
import org.slurmllm.cluster.entity.JobState;
import org.slurmllm.cluster.entity.JobStatus;

/** One job of the local launcher ({@link LocalScheduler}), guarded by the launcher's lock. */
final class LocalJob {
  final String id;
  final JobRequest request;
  volatile JobState state = JobState.PENDING;
  volatile String reason = "Resources";
  volatile Integer exitCode;
  volatile Instant startTime;
  volatile Instant endTime;
  Process process;
  List<Integer> devices;

  LocalJob(String id, JobRequest request) {
    this.id = id;
    this.request = request;
  }

  JobStatus status() {
    String why = state == JobState.RUNNING || state == JobState.COMPLETED ? null : reason;
    return new JobStatus(
        id,
        state,
        why,
        state == JobState.PENDING ? null : LocalScheduler.NODE,
        exitCode,
        startTime,
        endTime);
  }
}
