package org.slurmllm.serving.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slurmllm.catalog.boundary.ModelServingStatus;
import org.slurmllm.catalog.entity.Model;
import org.slurmllm.serving.entity.Replica;
import org.slurmllm.serving.entity.ReplicaState;

/**
 * Writes what the catalog shows of a model's serving: its status (serving, starting, backoff,
 * idle), a message an admin can act on, and the replicas it wants. The catalog owns the model's
 * row; these columns are serving's, so they are written by their own statement, and only when they
 * differ from what the row holds.
 *
 * <p>Runs within the reconcile pass's transaction, never one of its own.
 */
@ApplicationScoped
public class ServingStatusWriter {

  @PersistenceContext EntityManager em;
  @Inject ModelServingStatus columns;

  /**
   * @param backoffUntil until when new replicas are held back after failures; empty when they are
   *     not
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public void write(Model model, int desired, Optional<Instant> backoffUntil) {
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
    String lastFailure = null;
    if (backoffUntil.isPresent()) {
      lastFailure =
          ReplicaTransitions.truncate(
              replicas.stream()
                  .filter(r -> r.state == ReplicaState.FAILED)
                  .findFirst()
                  .map(r -> r.failureReason)
                  .orElse("unknown"));
      status = "backoff";
      message =
          "cannot start a replica; next attempt at "
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
    Instant retryAt = backoffUntil.orElse(null);
    if (!status.equals(model.servingStatus)
        || !Objects.equals(message, model.servingMessage)
        || model.desiredReplicas != desired
        || !Objects.equals(retryAt, model.servingRetryAt)
        || !Objects.equals(withoutInternals(lastFailure), model.servingFailure)) {
      // its own statement, not the entity: the catalog owns the row, serving these columns
      columns.write(
          model.name,
          status,
          ReplicaTransitions.truncate(message),
          desired,
          retryAt,
          withoutInternals(lastFailure));
    }
  }

  /**
   * The failure as any caller of the model may read it (routing answers it with a 503): what the
   * job asked of the cluster (partition, account, QOS, constraint) stays in the admin's status.
   */
  static String withoutInternals(String failure) {
    if (failure == null) {
      return null;
    }
    int asked = failure.indexOf(ModelScaling.JOB_ASKED);
    return asked < 0 ? failure : failure.substring(0, asked);
  }
}
