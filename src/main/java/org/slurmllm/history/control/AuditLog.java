package org.slurmllm.history.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import org.slurmllm.history.entity.AuditEntry;

/**
 * Records admin actions in the caller's transaction: the change and its audit row commit or roll
 * back together, so the log never claims a change that did not happen, nor misses one.
 */
@ApplicationScoped
public class AuditLog {

  private static final Jsonb JSON = JsonbBuilder.create();

  @PersistenceContext EntityManager em;

  @Transactional(Transactional.TxType.MANDATORY)
  public void record(
      String actor,
      String action,
      String targetType,
      String targetId,
      Object before,
      Object after) {
    em.createNativeQuery(
            "insert into app.audit_log"
                + " (occurred_at, actor, action, target_type, target_id, before_state, after_state)"
                + " values (?, ?, ?, ?, ?, cast(? as jsonb), cast(? as jsonb))")
        .setParameter(1, Instant.now())
        .setParameter(2, actor)
        .setParameter(3, action)
        .setParameter(4, targetType)
        .setParameter(5, targetId)
        .setParameter(6, before == null ? null : JSON.toJson(before))
        .setParameter(7, after == null ? null : JSON.toJson(after))
        .executeUpdate();
  }

  /** The entries about one object, oldest first. */
  public List<AuditEntry> about(String targetType, String targetId) {
    return em.createQuery(
            "select a from AuditEntry a where a.targetType = :type and a.targetId = :id"
                + " order by a.id",
            AuditEntry.class)
        .setParameter("type", targetType)
        .setParameter("id", targetId)
        .getResultList();
  }
}
