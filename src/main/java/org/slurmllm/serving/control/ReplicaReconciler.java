package org.slurmllm.serving.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.slurmllm.catalog.entity.Model;
import org.slurmllm.cluster.boundary.Cluster;
import org.slurmllm.cluster.entity.JobState;
import org.slurmllm.cluster.entity.JobStatus;
import org.slurmllm.cluster.entity.SchedulerUnavailableException;
import org.slurmllm.cluster.entity.SubmitRejectedException;
import org.slurmllm.serving.control.ReplicaLifecycle.Observed;
import org.slurmllm.serving.control.ReplicaLifecycle.Probe;
import org.slurmllm.serving.control.ReplicaLifecycle.Step;
import org.slurmllm.serving.entity.Replica;
import org.slurmllm.serving.entity.ReplicaChanged;
import org.slurmllm.serving.entity.ReplicaState;

/**
 * One pass of the control loop: read the scheduler, the rendezvous files and the health probes;
 * advance every live replica's state; then submit or drain so each model has what it should. One
 * gateway at a time runs it (a PostgreSQL advisory lock held for the transaction), so several
 * gateways never submit the same replica twice.
 */
@ApplicationScoped
public class ReplicaReconciler {

  private static final Logger LOG = Logger.getLogger(ReplicaReconciler.class.getName());

  /** Arbitrary, fixed: the advisory lock that elects the reconciling gateway. */
  static final long LEADER_LOCK = 0x736c75726d6c6cL;

  @PersistenceContext EntityManager em;
  @Inject Cluster scheduler;
  @Inject ServingSettings settings;
  @Inject HealthProber prober;
  @Inject LoadTracker load;
  @Inject JobScripts scripts;
  @Inject Event<ReplicaChanged> changes;
  @Inject ReplicaIntents intents;
  @Inject StrayJobs strays;
  @Inject ServingMeters meters;

  private final Clock clock = Clock.systemUTC();

  private final Map<UUID, Instant> lastProbe = new ConcurrentHashMap<>();

  /**
   * @return whether anything is in motion (a replica queued, starting or draining), so the loop
   *     should look again soon; false also when another gateway holds the lock
   */
  @Transactional
  public boolean reconcile() {
    Boolean leader =
        (Boolean)
            em.createNativeQuery("select pg_try_advisory_xact_lock(?)")
                .setParameter(1, LEADER_LOCK)
                .getSingleResult();
    if (!Boolean.TRUE.equals(leader)) {
      return false;
    }
    Instant now = clock.instant();
    Map<String, Model> models =
        em.createNamedQuery(Model.ALL, Model.class)
            .getResultStream()
            .collect(Collectors.toMap(m -> m.name, Function.identity()));
    List<Replica> live = em.createNamedQuery(Replica.LIVE, Replica.class).getResultList();

    if (strays.due(now)) {
      for (Replica r : strays.sweep(live, now)) {
        transition(r, ReplicaState.FAILED, "its job was never submitted (interrupted)", now);
      }
    }
    advance(live, now);
    for (Replica r : live) {
      if (r.state.isLive()
          && !models.containsKey(r.modelName)
          && r.state != ReplicaState.DRAINING) {
        drain(r, now, "model deleted");
      }
    }
    Map<String, List<Replica>> byModel =
        live.stream()
            .filter(r -> r.state.isLive())
            .collect(Collectors.groupingBy(r -> r.modelName));
    for (Model model : models.values()) {
      scale(model, byModel.getOrDefault(model.name, List.of()), now);
    }
    return em.createNamedQuery(Replica.LIVE, Replica.class)
        .getResultStream()
        .anyMatch(r -> inMotion(r, now));
  }

  /**
   * Whether the replica may change any moment, so the loop should look fast: starting and draining
   * ones, and jobs queued a short while (on an idle cluster they start within a second). A job
   * queued longer waits for a busy cluster, possibly for hours: looked at in the quiet interval.
   */
  private static boolean inMotion(Replica r, Instant now) {
    return switch (r.state) {
      case STARTING, DRAINING -> true;
      case PENDING -> Duration.between(r.submittedAt, now).compareTo(RECENTLY_QUEUED) < 0;
      default -> false;
    };
  }

  static final Duration RECENTLY_QUEUED = Duration.ofSeconds(30);

  private void advance(List<Replica> live, Instant now) {
    List<String> jobIds = live.stream().map(r -> r.jobId).filter(Objects::nonNull).toList();
    Map<String, JobStatus> jobs = scheduler.status(jobIds);
    Map<UUID, String> endpoints = new HashMap<>();
    for (Replica r : live) {
      if (r.state == ReplicaState.STARTING || r.state == ReplicaState.PENDING) {
        Rendezvous.read(settings.rendezvousDir(), r.id).ifPresent(e -> endpoints.put(r.id, e));
      } else if (r.state == ReplicaState.READY
          && r.endpoint != null
          && (prober.pending(r.id) || probeDue(r.id, now))) {
        endpoints.put(r.id, r.endpoint);
      }
    }
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
          transition(r, ReplicaState.STARTING, null, now);
          step = further;
        }
      }
      if (job != null) {
        r.pendingReason =
            job.state() == JobState.PENDING && job.reason() != null
                ? job.reason().substring(0, Math.min(200, job.reason().length()))
                : null;
        r.node = job.node() != null ? job.node() : r.node;
        if (job.startTime() != null && r.startedAt == null && job.state().isActive()) {
          r.startedAt = job.startTime();
        }
        if (job.state().isActive() && job.endTime() != null) {
          r.walltimeEnd = job.endTime();
        }
      }
      if (endpoint != null && step.state() == ReplicaState.READY) {
        r.endpoint = endpoint;
      }
      r.probeFailures = step.probeFailures();
      if (step.cancelJob()) {
        cancel(r);
      }
      String reason = step.reason();
      if (step.state() == ReplicaState.FAILED && job != null && job.state().isTerminal()) {
        reason = withLastWords(r, reason);
      }
      transition(r, step.state(), reason, now);
    }
  }

  /** A job that ended on its own says why in its log's last line: the reason an admin reads. */
  private String withLastWords(Replica r, String reason) {
    String last = JobLogTail.lastLine(settings.logDir().resolve(r.id + ".log"));
    return last == null ? reason : reason + "; its log ends: " + last;
  }

  /** READY replicas are probed every probe interval, not every (fast) tick. */
  private boolean probeDue(UUID id, Instant now) {
    Instant last = lastProbe.get(id);
    if (last != null && Duration.between(last, now).compareTo(settings.probeInterval()) < 0) {
      return false;
    }
    lastProbe.put(id, now);
    return true;
  }

  private void scale(Model model, List<Replica> replicas, Instant now) {
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
    Optional<Instant> backoffUntil = backoffUntil(model.name);
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
      drain(
          byId.get(id),
          now,
          byId.get(id).successorId != null
              ? "replaced by its successor"
              : planned.stream().anyMatch(l -> l.id().equals(id) && l.outdated())
                  ? "the model's definition changed"
                  : "scaled down");
    }
    for (UUID id : actions.renew()) {
      submit(model, now).ifPresent(successor -> byId.get(id).successorId = successor.id);
    }
    for (int i = 0; i < actions.submit(); i++) {
      submit(model, now);
    }
    updateStatus(model, desired, backoffUntil.filter(now::isBefore));
  }

  private Optional<Instant> backoffUntil(String modelName) {
    List<Backoff.Attempt> history =
        em.createNamedQuery(Replica.OF_MODEL, Replica.class)
            .setParameter("model", modelName)
            .setMaxResults(settings.backoff().threshold() + 20)
            .getResultStream()
            .map(
                r ->
                    new Backoff.Attempt(
                        r.state == ReplicaState.FAILED,
                        r.readyAt != null,
                        r.endedAt == null ? r.submittedAt : r.endedAt))
            .toList();
    return Backoff.until(history, settings.backoff());
  }

  private void updateStatus(Model model, int desired, Optional<Instant> backoffUntil) {
    List<Replica> replicas =
        em.createNamedQuery(Replica.OF_MODEL, Replica.class)
            .setParameter("model", model.name)
            .setMaxResults(50)
            .getResultList();
    long ready = replicas.stream().filter(r -> r.state == ReplicaState.READY).count();
    long starting =
        replicas.stream()
            .filter(r -> r.state == ReplicaState.PENDING || r.state == ReplicaState.STARTING)
            .count();
    String status;
    String message;
    if (backoffUntil.isPresent()) {
      String lastFailure =
          replicas.stream()
              .filter(r -> r.state == ReplicaState.FAILED)
              .findFirst()
              .map(r -> r.failureReason)
              .orElse("unknown");
      status = "backoff";
      message =
          "replicas keep failing; next attempt at "
              + backoffUntil.get()
              + "; last failure: "
              + lastFailure;
    } else if (ready > 0) {
      status = "serving";
      message = ready + " of " + desired + " replicas ready";
    } else if (starting > 0) {
      status = "starting";
      message =
          starting
              + " replica(s) queued or starting"
              + replicas.stream()
                  .filter(r -> r.state == ReplicaState.PENDING && r.pendingReason != null)
                  .findFirst()
                  .map(r -> "; SLURM keeps job " + r.jobId + " queued: " + r.pendingReason)
                  .orElse("");
    } else {
      status = desired == 0 ? "idle" : "starting";
      message = desired == 0 ? "no replica wanted" : "submitting replicas";
    }
    if (!status.equals(model.servingStatus)
        || !Objects.equals(message, model.servingMessage)
        || model.desiredReplicas != desired) {
      // its own statement, not the entity: the catalog owns the row, the reconciler these columns
      em.createNamedQuery(Model.SET_SERVING_STATUS)
          .setParameter(1, status)
          .setParameter(2, truncate(message))
          .setParameter(3, desired)
          .setParameter(4, model.name)
          .executeUpdate();
    }
  }

  /**
   * Records the replica (committed at once), then submits its job, named after it: a job is never
   * without a row that the sweep can match it to.
   */
  private Optional<Replica> submit(Model model, Instant now) {
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
    try {
      r.jobId = scheduler.submit(scripts.replicaJob(model, r.id, r.secret));
      changes.fire(
          new ReplicaChanged(r.id, r.modelName, null, r.state, "submitted as job " + r.jobId));
      return Optional.of(r);
    } catch (SubmitRejectedException e) {
      // recorded as a failed replica: the reason is visible, and repeated rejections back off
      transition(r, ReplicaState.FAILED, "the scheduler rejected the job: " + e.getMessage(), now);
      LOG.warning(() -> "replica of " + model.name + " rejected: " + e.getMessage());
      return Optional.empty();
    } catch (SchedulerUnavailableException e) {
      // the job may have been taken all the same (an answer lost): the sweep cancels it then
      transition(r, ReplicaState.FAILED, "the scheduler did not answer: " + e.getMessage(), now);
      LOG.log(
          Level.WARNING,
          "scheduler unavailable, replica of {0} not submitted: {1}",
          new Object[] {model.name, e.getMessage()});
      return Optional.empty();
    }
  }

  private void drain(Replica r, Instant now, String reason) {
    if (r.state == ReplicaState.PENDING || r.state == ReplicaState.STARTING) {
      // no traffic yet: nothing to finish
      cancel(r);
      transition(r, ReplicaState.STOPPED, reason, now);
      return;
    }
    r.drainingSince = now;
    transition(r, ReplicaState.DRAINING, reason, now);
  }

  private void cancel(Replica r) {
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

  private void transition(Replica r, ReplicaState to, String reason, Instant now) {
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
        lastProbe.remove(r.id);
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

  private static String truncate(String text) {
    return text == null || text.length() <= 2000 ? text : text.substring(0, 1997) + "...";
  }
}
