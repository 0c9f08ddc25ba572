package org.slurmllm.serving.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slurmllm.catalog.boundary.ModelCatalog;
import org.slurmllm.catalog.entity.Model;
import org.slurmllm.serving.entity.Replica;
import org.slurmllm.serving.entity.ReplicaState;

/**
 * One pass of the control loop: sweep stray jobs, observe and advance every live replica ({@link
 * ReplicaObservation}), drain the replicas of deleted models, then scale each model ({@link
 * ModelScaling}) and write its serving status ({@link ServingStatusWriter}). One gateway at a time
 * runs it (a PostgreSQL advisory lock held for the transaction), so several gateways never submit
 * the same replica twice; every part therefore runs inside this one transaction, none in its own.
 */
@ApplicationScoped
public class ReplicaReconciler {

  /** Arbitrary, fixed: the advisory lock that elects the reconciling gateway. */
  static final long LEADER_LOCK = 0x736c75726d6c6cL;

  static final Duration RECENTLY_QUEUED = Duration.ofSeconds(30);

  @PersistenceContext EntityManager em;
  @Inject ModelCatalog catalog;
  @Inject StrayJobs strays;
  @Inject ReplicaObservation observation;
  @Inject ReplicaTransitions transitions;
  @Inject ModelScaling scaling;
  @Inject ServingStatusWriter status;

  private final Clock clock = Clock.systemUTC();

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
        catalog.all().stream().collect(Collectors.toMap(m -> m.name, Function.identity()));
    List<Replica> live = em.createNamedQuery(Replica.LIVE, Replica.class).getResultList();

    if (strays.due(now)) {
      for (Replica r : strays.sweep(live, now)) {
        transitions.transition(
            r, ReplicaState.FAILED, "its job was never submitted (interrupted)", now);
      }
    }
    observation.advance(live, now);
    for (Replica r : live) {
      if (r.state.isLive()
          && !models.containsKey(r.modelName)
          && r.state != ReplicaState.DRAINING) {
        transitions.drain(r, now, "model deleted");
      }
    }
    Map<String, List<Replica>> byModel =
        live.stream()
            .filter(r -> r.state.isLive())
            .collect(Collectors.groupingBy(r -> r.modelName));
    for (Model model : models.values()) {
      if (model.isTribunal()) {
        continue; // the gateway runs it over its members' replicas: none of its own
      }
      ModelScaling.Scaled scaled =
          scaling.scale(model, byModel.getOrDefault(model.name, List.of()), now);
      status.write(model, scaled.desired(), scaled.backoffUntil());
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
}
