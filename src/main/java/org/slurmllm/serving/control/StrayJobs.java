package org.slurmllm.serving.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.slurmllm.cluster.boundary.Cluster;
import org.slurmllm.cluster.boundary.JobNaming;
import org.slurmllm.cluster.entity.NamedJob;
import org.slurmllm.cluster.entity.SchedulerUnavailableException;
import org.slurmllm.serving.entity.Replica;
import org.slurmllm.serving.entity.ReplicaState;

/**
 * The leader's sweep of this installation's jobs, within its reconcile pass (the same transaction):
 * a job whose replica never got its id is adopted, one no live replica owns is cancelled (see
 * {@link JobSweep}), and replicas recorded for submission whose job never appeared are handed back
 * to be failed.
 */
@ApplicationScoped
public class StrayJobs {

  private static final Logger LOG = Logger.getLogger(StrayJobs.class.getName());

  /** How often the installation's jobs are listed. */
  static final Duration INTERVAL = Duration.ofSeconds(30);

  /** How long a recorded replica may wait for its job id before it counts as never submitted. */
  static final Duration SUBMIT_GRACE = Duration.ofSeconds(90);

  @PersistenceContext EntityManager em;
  @Inject Cluster scheduler;
  @Inject JobNaming naming;

  private volatile Instant last = Instant.EPOCH;

  boolean due(Instant now) {
    return Duration.between(last, now).compareTo(INTERVAL) >= 0;
  }

  /**
   * @return the live replicas whose job was never submitted (a crash between recording and
   *     submitting): the caller fails them
   */
  List<Replica> sweep(List<Replica> live, Instant now) {
    List<NamedJob> jobs;
    try {
      jobs = scheduler.activeJobsNamed(naming.names().prefix());
    } catch (SchedulerUnavailableException e) {
      return List.of(); // the next pass tries again
    }
    last = now;
    JobSweep.Actions actions =
        JobSweep.plan(
            jobs,
            id ->
                Optional.ofNullable(em.find(Replica.class, id))
                    .map(r -> new JobSweep.Known(r.id, r.jobId, !r.state.isLive())),
            naming.names());
    for (JobSweep.Adopt adopt : actions.adopt()) {
      Replica r = em.find(Replica.class, adopt.replica());
      r.jobId = adopt.jobId();
      LOG.info(() -> "replica " + r.id + " of " + r.modelName + ": adopted job " + r.jobId);
    }
    for (String jobId : actions.cancel()) {
      LOG.warning(
          () -> "job " + jobId + " is this installation's but no live replica's: cancelled");
      try {
        scheduler.cancel(jobId);
      } catch (SchedulerUnavailableException e) {
        return List.of();
      }
    }
    Set<String> named = jobs.stream().map(NamedJob::name).collect(Collectors.toSet());
    return live.stream()
        .filter(
            r ->
                r.state == ReplicaState.PENDING
                    && r.jobId == null
                    && Duration.between(r.submittedAt, now).compareTo(SUBMIT_GRACE) > 0
                    && !named.contains(naming.names().replica(r.id)))
        .toList();
  }
}
