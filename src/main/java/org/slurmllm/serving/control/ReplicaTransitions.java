package org.slurmllm.serving.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.slurmllm.cluster.boundary.Cluster;
import org.slurmllm.cluster.entity.SchedulerUnavailableException;
import org.slurmllm.serving.entity.Replica;
import org.slurmllm.serving.entity.ReplicaChanged;
import org.slurmllm.serving.entity.ReplicaState;

/**
 * Moves a replica to another state and does what the move entails: its timestamps, the start-time
 * meter, forgetting an ended replica (rendezvous file, load, probe schedule, prober), the log line
 * and the {@link ReplicaChanged} event that observers get after commit. Every state change of an
 * existing replica comes through here, so none goes unannounced. Stopping a replica (drain, cancel
 * its job) lives here too: it is a transition plus a word to the scheduler.
 *
 * <p>Runs within the reconcile pass's transaction, never one of its own.
 */
@ApplicationScoped
public class ReplicaTransitions {

  private static final Logger LOG = Logger.getLogger(ReplicaTransitions.class.getName());

  @Inject Cluster scheduler;
  @Inject ServingSettings settings;
  @Inject HealthProber prober;
  @Inject LoadTracker load;
  @Inject ProbeSchedule probes;
  @Inject ServingMeters meters;
  @Inject Event<ReplicaChanged> changes;

  /** No-op when the replica is already in that state. */
  @Transactional(Transactional.TxType.MANDATORY)
  public void transition(Replica r, ReplicaState to, String reason, Instant now) {
    ReplicaState from = r.state;
    if (from == to) {
      return;
    }
    r.state = to;
    switch (to) {
      case STARTING -> r.startedAt = r.startedAt == null ? now : r.startedAt;
      case READY -> {
        r.readyAt = now;
        if (r.submittedAt != null) {
          meters.started(r.modelName, Duration.between(r.submittedAt, now));
        }
      }
      case STOPPED, FAILED -> {
        r.endedAt = now;
        r.failureReason = to == ReplicaState.FAILED ? truncate(reason) : r.failureReason;
        Rendezvous.remove(settings.rendezvousDir(), r.id);
        load.forget(r.id);
        probes.forget(r.id);
        prober.forget(r.id);
      }
      default -> {}
    }
    LOG.info(
        () ->
            "replica "
                + r.id
                + " of "
                + r.modelName
                + " (job "
                + r.jobId
                + "): "
                + from
                + " -> "
                + to
                + (reason == null ? "" : " (" + reason + ")"));
    changes.fire(new ReplicaChanged(r.id, r.modelName, from, to, reason));
  }

  /**
   * Takes the replica out of service: one that serves finishes its requests first (DRAINING); one
   * queued or starting is cancelled and STOPPED at once.
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public void drain(Replica r, Instant now, String reason) {
    if (r.state == ReplicaState.PENDING || r.state == ReplicaState.STARTING) {
      // no traffic yet: nothing to finish
      cancel(r);
      transition(r, ReplicaState.STOPPED, reason, now);
      return;
    }
    r.drainingSince = now;
    transition(r, ReplicaState.DRAINING, reason, now);
  }

  /**
   * Cancels the replica's job, if it has one. A scheduler that does not answer is only logged: the
   * sweep cancels the job later, as no live replica owns it.
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public void cancel(Replica r) {
    if (r.jobId == null) {
      return;
    }
    try {
      scheduler.cancel(r.jobId);
    } catch (SchedulerUnavailableException e) {
      LOG.log(
          Level.WARNING, "could not cancel job {0}: {1}", new Object[] {r.jobId, e.getMessage()});
    }
  }

  /** Fits a reason or message into its column (2000 characters). */
  static String truncate(String text) {
    return text == null || text.length() <= 2000 ? text : text.substring(0, 1997) + "...";
  }
}
