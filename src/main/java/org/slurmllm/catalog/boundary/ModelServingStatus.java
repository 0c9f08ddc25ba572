package org.slurmllm.catalog.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import org.slurmllm.catalog.entity.Model;

/**
 * The serving columns of a model's row (status, message, desired replicas, retry time, last
 * failure): the serving feature computes them in its reconcile pass and writes them here, in that
 * pass's transaction, by a statement of their own, so that a definition changed meanwhile through
 * {@link ModelCatalog} is never overwritten. The catalog owns the row; serving these columns.
 */
@ApplicationScoped
public class ModelServingStatus {

  @PersistenceContext EntityManager em;

  @Transactional(Transactional.TxType.MANDATORY)
  public void write(
      String model,
      String status,
      String message,
      int desiredReplicas,
      Instant retryAt,
      String lastFailure) {
    em.createNamedQuery(Model.SET_SERVING_STATUS)
        .setParameter(1, status)
        .setParameter(2, message)
        .setParameter(3, desiredReplicas)
        .setParameter(4, retryAt)
        .setParameter(5, lastFailure)
        .setParameter(6, model)
        .executeUpdate();
  }
}
