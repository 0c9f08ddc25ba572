package org.slurmllm.serving.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slurmllm.serving.entity.Replica;
import org.slurmllm.serving.entity.ReplicaState;

/**
 * The replicas as other features and the replicas API read them: only reads, never a change (the
 * reconciler owns every write of the replica table). Routing builds its directory of endpoints from
 * {@link #ready()}.
 */
@ApplicationScoped
public class Replicas {

  @PersistenceContext EntityManager em;

  /** Every replica that takes traffic now, of every model. */
  public List<Replica> ready() {
    return em.createQuery("select r from Replica r where r.state = :ready", Replica.class)
        .setParameter("ready", ReplicaState.READY)
        .getResultList();
  }

  /** Those of the replicas asked for that FAILED (not drained nor stopped). */
  public List<UUID> failedAmong(java.util.Collection<UUID> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    return em.createQuery(
            "select r.id from Replica r where r.id in :ids and r.state = :failed", UUID.class)
        .setParameter("ids", ids)
        .setParameter("failed", ReplicaState.FAILED)
        .getResultList();
  }

  /** One replica, if it is the model's. */
  public Optional<Replica> of(String model, UUID id) {
    return Optional.ofNullable(em.find(Replica.class, id)).filter(r -> r.modelName.equals(model));
  }

  /** A model's replicas, newest first. */
  public List<Replica> of(String model, int limit) {
    return em.createNamedQuery(Replica.OF_MODEL, Replica.class)
        .setParameter("model", model)
        .setMaxResults(limit)
        .getResultList();
  }
}
