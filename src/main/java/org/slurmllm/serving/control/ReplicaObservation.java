package org.slurmllm.serving.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.slurmllm.cluster.boundary.Cluster;
import org.slurmllm.cluster.entity.JobState;
import org.slurmllm.cluster.entity.JobStatus;
import org.slurmllm.serving.control.ReplicaLifecycle.Observed;
import org.slurmllm.serving.control.ReplicaLifecycle.Probe;
import org.slurmllm.serving.control.ReplicaLifecycle.Step;
import org.slurmllm.serving.entity.Replica;
import org.slurmllm.serving.entity.ReplicaState;

/**
 * Looks at every live replica as it is now (its job in the scheduler, its rendezvous file, its
 * health probe), asks {@link ReplicaLifecycle} what follows from that, and applies the answer: the
 * job's facts onto the replica's row, then its transition. This is where the pass's I/O with SLURM
 * and the model servers happens; the decision itself is the lifecycle's.
 *
 * <p>Runs within the reconcile pass's transaction, never one of its own.
 */
@ApplicationScoped
public class ReplicaObservation {

  @Inject Cluster scheduler;
  @Inject ServingSettings settings;
  @Inject HealthProber prober;
  @Inject LoadTracker load;
  @Inject ProbeSchedule probeSchedule;
  @Inject ReplicaTransitions transitions;
  @Inject UnprovenEndpoints unproven;

  /** Observes the live replicas and moves each to the state the lifecycle says. */
  @Transactional(Transactional.TxType.MANDATORY)
  public void advance(List<Replica> live, Instant now) {
    List<String> jobIds = live.stream().map(r -> r.jobId).filter(Objects::nonNull).toList();
    Map<String, JobStatus> jobs = scheduler.status(jobIds);
    Map<UUID, String> endpoints = endpointsToProbe(live, now);
    Map<UUID, Probe> probes = prober.probe(endpoints);
    for (Replica r : live) {
      JobStatus job = r.jobId == null ? null : jobs.get(r.jobId);
      String endpoint = endpoints.getOrDefault(r.id, r.endpoint);
      Observed observed =
          new Observed(
              r.state,
              r.startedAt,
              r.drainingSince,
              r.walltimeEnd,
              r.probeFailures,
              job,
              endpoint,
              probes.getOrDefault(r.id, Probe.NOT_PROBED),
              load.busy(r.id),
              r.submittedAt);
      Step step = ReplicaLifecycle.next(observed, now, settings.limits());
      if (step.state() == ReplicaState.STARTING && r.state == ReplicaState.PENDING) {
        // the job runs and its server may already answer: no need to wait a tick for READY
        observed =
            new Observed(
                ReplicaState.STARTING,
                job.startTime() == null ? now : job.startTime(),
                null,
                null,
                0,
                job,
                endpoint,
                observed.probe(),
                0,
                r.submittedAt);
        Step further = ReplicaLifecycle.next(observed, now, settings.limits());
        if (further.state() == ReplicaState.READY) {
          transitions.transition(r, ReplicaState.STARTING, null, now);
          step = further;
        }
      }
      if (job != null) {
        copyJobFacts(job, r);
      }
      if (endpoint != null && step.state() == ReplicaState.READY) {
        r.endpoint = endpoint;
      }
      r.probeFailures = step.probeFailures();
      r.refused |= step.refused();
      if (step.cancelJob()) {
        transitions.cancel(r);
      }
      String reason = step.reason();
      // a job that ended, or is ending (its server exited: the probes may notice first), says
      // why in its log's last line
      if (step.state() == ReplicaState.FAILED
          && job != null
          && (job.state().isTerminal() || job.state() == JobState.COMPLETING)) {
        reason = withLastWords(r, reason);
      }
      transitions.transition(r, step.state(), reason, now);
    }
  }

  /**
   * The endpoints to probe this pass: a queued or starting replica's from its rendezvous file (its
   * server announcing itself), a READY one's when its probe is due or still under way.
   */
  private Map<UUID, String> endpointsToProbe(List<Replica> live, Instant now) {
    Map<UUID, String> endpoints = new HashMap<>();
    for (Replica r : live) {
      if (r.state == ReplicaState.STARTING || r.state == ReplicaState.PENDING) {
        Rendezvous.read(settings.rendezvousDir(), r.id, r.secret)
            .ifPresent(
                a -> {
                  if (a.proven()) {
                    // the node's name may not resolve here; SLURM knows its address
                    endpoints.put(r.id, a.at(scheduler.reachableAddress(a.host())));
                  } else {
                    unproven.seen(r.id, r.modelName, a.endpoint());
                  }
                });
      } else if (r.state == ReplicaState.READY
          && r.endpoint != null
          && (prober.pending(r.id) || probeSchedule.due(r.id, now, r.probeFailures))) {
        endpoints.put(r.id, r.endpoint);
      }
    }
    return endpoints;
  }

  /** What the scheduler says of the job that the console and the next pass need on the row. */
  private static void copyJobFacts(JobStatus job, Replica r) {
    r.pendingReason =
        job.state() == JobState.PENDING && job.reason() != null
            ? job.reason().substring(0, Math.min(200, job.reason().length()))
            : null;
    r.node = job.node() != null ? job.node() : r.node;
    if (job.startTime() != null && r.startedAt == null && job.state().isActive()) {
      r.startedAt = job.startTime();
    }
    // a running job's end time is its time limit's; a completing one's is when it ended (its
    // server exited, a node of it died): not a walltime to renew the replica before
    if (job.state() == JobState.RUNNING && job.endTime() != null) {
      r.walltimeEnd = job.endTime();
    }
  }

  /** A job that ended on its own says why in its log's last line: the reason an admin reads. */
  private String withLastWords(Replica r, String reason) {
    String last = JobLogTail.lastLine(settings.logDir().resolve(r.id + ".log"));
    return last == null ? reason : reason + "; its log ends: " + last;
  }
}
