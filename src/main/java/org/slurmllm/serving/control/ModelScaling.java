package org.slurmllm.serving.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.slurmllm.catalog.entity.Model;
import org.slurmllm.catalog.entity.ModelInternals;
import org.slurmllm.cluster.boundary.Cluster;
import org.slurmllm.cluster.entity.JobRequest;
import org.slurmllm.cluster.entity.NodeList;
import org.slurmllm.cluster.entity.SchedulerUnavailableException;
import org.slurmllm.cluster.entity.SubmitRejectedException;
import org.slurmllm.serving.entity.Replica;
import org.slurmllm.serving.entity.ReplicaChanged;
import org.slurmllm.serving.entity.ReplicaState;

/**
 * Gives a model the replicas it should have: how many it wants ({@link Autoscaler}, or the admin's
 * override), whether it may start any ({@link Backoff} after repeated failures), and which to
 * submit, renew before walltime or drain ({@link ScalePlan}). The formulas are pure functions; this
 * class feeds them and carries out their answer, submitting jobs through the cluster boundary.
 *
 * <p>Runs within the reconcile pass's transaction, never one of its own (the one exception, the
 * replica recorded before its job is submitted, is {@link ReplicaIntents}'s).
 */
@ApplicationScoped
public class ModelScaling {

  private static final Logger LOG = Logger.getLogger(ModelScaling.class.getName());

  @PersistenceContext EntityManager em;
  @Inject Cluster scheduler;
  @Inject ServingSettings settings;
  @Inject LoadTracker load;
  @Inject JobScripts scripts;
  @Inject Event<ReplicaChanged> changes;
  @Inject ReplicaIntents intents;
  @Inject ReplicaTransitions transitions;

  /**
   * What a model's serving status reports after scaling.
   *
   * @param desired the replicas the model wants
   * @param backoffUntil until when new replicas are held back after failures; empty when they are
   *     not
   */
  public record Scaled(int desired, Optional<Instant> backoffUntil) {}

  /**
   * @param replicas the model's live replicas
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public Scaled scale(Model model, List<Replica> replicas, Instant now) {
    Autoscaler.Policy policy =
        new Autoscaler.Policy(
            model.scaling.minReplicas,
            model.scaling.maxReplicas,
            model.scaling.targetConcurrency,
            model.scaling.idleMinutes);
    Duration sinceLastRequest = load.sinceLastRequest(model.name);
    if (sinceLastRequest == null && !replicas.isEmpty()) {
      // replicas but no request seen: this gateway has just started (its memory of requests is
      // new), so their idle time counts from its start, not as "never used"
      sinceLastRequest = load.sinceStart();
    }
    int autoscaled = Autoscaler.desired(policy, load.sampleAverage(model.name), sinceLastRequest);
    int desired = Autoscaler.withOverride(policy, model.replicasOverride, autoscaled);
    Optional<Instant> backoffUntil = backoffUntil(model);
    boolean mayStart = backoffUntil.map(until -> !now.isBefore(until)).orElse(true);

    List<Replica> serving =
        replicas.stream().filter(r -> r.state != ReplicaState.DRAINING).toList();
    String launch = JobScripts.launchFingerprint(model);
    List<ScalePlan.Live> planned =
        serving.stream()
            .map(
                r ->
                    new ScalePlan.Live(
                        r.id,
                        r.state,
                        r.submittedAt,
                        r.walltimeEnd,
                        r.successorId,
                        r.launchFingerprint != null && !r.launchFingerprint.equals(launch)))
            .toList();
    Duration lead = ScalePlan.renewalLead(settings.renewalLead(), model.resources.timeLimitMinutes);
    ScalePlan.Actions actions = ScalePlan.plan(desired, planned, now, lead, mayStart);

    Map<UUID, Replica> byId = serving.stream().collect(Collectors.toMap(r -> r.id, r -> r));
    for (UUID id : actions.drain()) {
      transitions.drain(
          byId.get(id),
          now,
          byId.get(id).successorId != null
              ? "replaced by its successor"
              : planned.stream().anyMatch(l -> l.id().equals(id) && l.outdated())
                  ? "the model's definition changed"
                  : "scaled down");
    }
    boolean allTaken = true;
    ReplicaPlacement placement =
        new ReplicaPlacement(
            scheduler, model.resources.partition, replicas, () -> suspectNodes(now), now);
    for (UUID id : actions.renew()) {
      if (!placement.mayPlace()) {
        break; // the next pass, once the last job has its node
      }
      Optional<Replica> successor = submit(model, now, placement);
      successor.ifPresent(s -> byId.get(id).successorId = s.id);
      allTaken &= successor.isPresent();
    }
    for (int i = 0; i < actions.submit() && placement.mayPlace(); i++) {
      allTaken &= submit(model, now, placement).isPresent();
    }
    if (!allTaken) {
      // a refusal backs off at once: the status says so this pass, and waiting requests are
      // answered now rather than on the next pass
      backoffUntil = backoffUntil(model);
    }
    return new Scaled(desired, backoffUntil.filter(now::isBefore));
  }

  /**
   * The back-off of the model's history since its launch definition last changed: an admin who
   * fixes what made its replicas fail (a partition, the weights) gets a replica at once.
   */
  private Optional<Instant> backoffUntil(Model model) {
    String launch = JobScripts.launchFingerprint(model);
    List<Backoff.Attempt> history =
        em.createNamedQuery(Replica.OF_MODEL, Replica.class)
            .setParameter("model", model.name)
            .setMaxResults(settings.backoff().threshold() + 20)
            .getResultStream()
            .takeWhile(r -> r.launchFingerprint == null || r.launchFingerprint.equals(launch))
            .map(
                r ->
                    new Backoff.Attempt(
                        r.state == ReplicaState.FAILED,
                        r.readyAt != null,
                        r.endedAt == null ? r.submittedAt : r.endedAt,
                        r.refused))
            .toList();
    return Backoff.until(history, settings.backoff());
  }

  /**
   * Starts the part of a failure reason that says what the job asked for: the model's internals
   * (partition, account, QOS, constraint), for admins only (see {@link ServingStatusWriter}).
   */
  static final String JOB_ASKED = ModelInternals.JOB_ASKED;

  /** What the job asked for, as an admin would check it against the cluster. */
  static String asked(JobRequest job) {
    StringBuilder asked =
        new StringBuilder("partition ")
            .append(job.partition() == null ? "(the cluster's default)" : job.partition())
            .append(", ")
            .append(job.gpus())
            .append(" GPU(s), ")
            .append(job.cpus())
            .append(" CPU(s), ")
            .append(job.memoryMb())
            .append(" MB, ")
            .append(job.timeLimitMinutes())
            .append(" min");
    if (job.nodes() > 1) {
      asked.append(", on each of ").append(job.nodes()).append(" nodes");
    }
    if (job.constraint() != null) {
      asked.append(", constraint ").append(job.constraint());
    }
    if (job.account() != null) {
      asked.append(", account ").append(job.account());
    }
    if (job.qos() != null) {
      asked.append(", QOS ").append(job.qos());
    }
    return asked.toString();
  }

  /** A node may be dead before SLURM says so: where replicas failed this long ago, avoid it. */
  static final Duration SUSPECT_FOR = Duration.ofSeconds(90);

  /** Nodes where replicas of any model failed in the last {@link #SUSPECT_FOR}. */
  private List<String> suspectNodes(Instant now) {
    return em
        .createQuery(
            "select distinct r.node from Replica r where r.state = :failed and r.endedAt > :since"
                + " and r.node is not null",
            String.class)
        .setParameter("failed", ReplicaState.FAILED)
        .setParameter("since", now.minus(SUSPECT_FOR))
        .getResultList()
        .stream()
        .flatMap(n -> NodeList.expand(n).stream())
        .toList();
  }

  /**
   * Records the replica (committed at once), then submits its job, named after it: a job is never
   * without a row that the sweep can match it to.
   */
  private Optional<Replica> submit(Model model, Instant now, ReplicaPlacement placement) {
    Replica intent = new Replica();
    intent.id = UUID.randomUUID();
    intent.modelName = model.name;
    intent.scheduler = scheduler.kind();
    intent.submittedAt = now;
    intent.launchFingerprint = JobScripts.launchFingerprint(model);
    intent.state = ReplicaState.PENDING;
    intent.secret = ReplicaIntents.newSecret();
    intents.record(intent);
    Replica r = em.find(Replica.class, intent.id);
    JobRequest job = null;
    try {
      job = placement.place(scripts.replicaJob(model, r.id, r.secret));
      r.jobId = scheduler.submit(job);
      changes.fire(
          new ReplicaChanged(r.id, r.modelName, null, r.state, "submitted as job " + r.jobId));
      return Optional.of(r);
    } catch (SubmitRejectedException e) {
      // recorded as a failed replica: the reason is visible, and the model backs off at once
      r.refused = true;
      transitions.transition(
          r,
          ReplicaState.FAILED,
          "the scheduler rejected the job: "
              + e.getMessage()
              + (job == null ? "" : JOB_ASKED + asked(job)),
          now);
      LOG.warning(() -> "replica of " + model.name + " rejected: " + e.getMessage());
      return Optional.empty();
    } catch (SchedulerUnavailableException e) {
      // the job may have been taken all the same (an answer lost): the sweep cancels it then
      transitions.transition(
          r, ReplicaState.FAILED, "the scheduler did not answer: " + e.getMessage(), now);
      LOG.log(
          Level.WARNING,
          "scheduler unavailable, replica of {0} not submitted: {1}",
          new Object[] {model.name, e.getMessage()});
      return Optional.empty();
    }
  }
}
