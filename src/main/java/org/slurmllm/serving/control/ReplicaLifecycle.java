package org.slurmllm.serving.control;

import java.time.Duration;
import java.time.Instant;
import org.slurmllm.cluster.entity.JobState;
import org.slurmllm.cluster.entity.JobStatus;
import org.slurmllm.serving.entity.ReplicaState;

/**
 * The replica state machine as a pure function: from what the replica was, what the scheduler says
 * of its job, whether its server published an endpoint and answered its probe, to what it is now.
 * The reconciler applies the answer; this class decides nothing else.
 */
public final class ReplicaLifecycle {

  private ReplicaLifecycle() {}

  /** The replica as the state machine sees it. */
  public record Observed(
      ReplicaState state,
      Instant startedAt,
      Instant drainingSince,
      Instant walltimeEnd,
      int probeFailures,
      JobStatus job,
      String endpoint,
      Probe probe,
      int inFlight,
      Instant submittedAt) {}

  /** A health probe's outcome; NOT_PROBED when there was nothing to probe. */
  public enum Probe {
    NOT_PROBED,
    HEALTHY,
    UNHEALTHY
  }

  /** Limits from the settings. */
  public record Limits(
      Duration startTimeout,
      int maxProbeFailures,
      Duration drainTimeout,
      Duration pendingTimeout) {}

  /**
   * What happens to the replica.
   *
   * @param cancelJob whether its job must be cancelled now
   * @param probeFailures the new count of consecutive failed probes
   * @param refused whether it failed because the cluster will not run the job as asked
   */
  public record Step(
      ReplicaState state, String reason, boolean cancelJob, int probeFailures, boolean refused) {

    public Step(ReplicaState state, String reason, boolean cancelJob, int probeFailures) {
      this(state, reason, cancelJob, probeFailures, false);
    }
  }

  public static Step next(Observed r, Instant now, Limits limits) {
    JobStatus job = r.job();
    boolean jobEnded = job != null && job.state().isTerminal();
    return switch (r.state()) {
      case PENDING -> {
        if (jobEnded) {
          yield failed(jobEndedReason("before it started", job), false);
        }
        if (job != null && job.state().isActive()) {
          yield stay(ReplicaState.STARTING, 0);
        }
        if (job != null && PendingReasons.cannotClear(job.reason())) {
          yield new Step(
              ReplicaState.FAILED, "SLURM will not start the job: " + job.reason(), true, 0, true);
        }
        if (r.submittedAt() != null
            && Duration.between(r.submittedAt(), now).compareTo(limits.pendingTimeout()) > 0) {
          yield failed(
              "queued for more than "
                  + limits.pendingTimeout().toSeconds()
                  + " s"
                  + (job == null || job.reason() == null ? "" : " (SLURM: " + job.reason() + ")"),
              true);
        }
        yield stay(ReplicaState.PENDING, 0);
      }
      case STARTING -> {
        if (jobEnded) {
          yield failed(jobEndedReason("while its server was starting", job), false);
        }
        if (r.endpoint() != null && r.probe() == Probe.HEALTHY) {
          yield stay(ReplicaState.READY, 0);
        }
        if (r.startedAt() != null
            && Duration.between(r.startedAt(), now).compareTo(limits.startTimeout()) > 0) {
          yield failed(
              "server not healthy within "
                  + limits.startTimeout().toSeconds()
                  + " s of the job's start (start timeout)",
              true);
        }
        yield stay(ReplicaState.STARTING, 0);
      }
      case READY -> {
        if (jobEnded) {
          if (job.state() == JobState.TIMEOUT || reachedWalltime(r.walltimeEnd(), now)) {
            yield new Step(ReplicaState.STOPPED, "walltime reached", false, 0);
          }
          yield failed(jobEndedReason("while serving", job), false);
        }
        if (r.probe() == Probe.UNHEALTHY) {
          int failures = r.probeFailures() + 1;
          if (failures >= limits.maxProbeFailures()) {
            yield failed("health probe failed " + failures + " times in a row", true);
          }
          yield stay(ReplicaState.READY, failures);
        }
        // only a passing probe clears the count; no outcome this pass leaves it as it was
        yield stay(ReplicaState.READY, r.probe() == Probe.HEALTHY ? 0 : r.probeFailures());
      }
      case DRAINING -> {
        if (jobEnded) {
          yield new Step(ReplicaState.STOPPED, "drained", false, 0);
        }
        boolean drained =
            r.inFlight() == 0
                || (r.drainingSince() != null
                    && Duration.between(r.drainingSince(), now).compareTo(limits.drainTimeout())
                        > 0);
        // cancelled once drained; STOPPED when the scheduler confirms the job's end
        yield new Step(ReplicaState.DRAINING, null, drained, 0);
      }
      case STOPPED, FAILED -> stay(r.state(), r.probeFailures());
    };
  }

  private static boolean reachedWalltime(Instant walltimeEnd, Instant now) {
    return walltimeEnd != null && !now.isBefore(walltimeEnd.minusSeconds(10));
  }

  private static String jobEndedReason(String when, JobStatus job) {
    String reason = "job " + job.jobId() + " ended " + when + ": " + job.state();
    return job.reason() == null ? reason : reason + " (" + job.reason() + ")";
  }

  private static Step stay(ReplicaState state, int probeFailures) {
    return new Step(state, null, false, probeFailures);
  }

  private static Step failed(String reason, boolean cancelJob) {
    return new Step(ReplicaState.FAILED, reason, cancelJob, 0);
  }
}
