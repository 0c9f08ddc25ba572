package org.slurmllm.history.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.io.StringReader;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slurmllm.history.control.TimeRange;
import org.slurmllm.history.entity.AuditEntry;
import org.slurmllm.rest.JsonP;

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
    record(actor, action, targetType, targetId, before, after, null);
  }

  /** As above, for an object that belongs to a tenant (its auditors may read the entry). */
  @Transactional(Transactional.TxType.MANDATORY)
  public void record(
      String actor,
      String action,
      String targetType,
      String targetId,
      Object before,
      Object after,
      Long tenantId) {
    em.createNativeQuery(
            "insert into app.audit_log (occurred_at, actor, action, target_type, target_id,"
                + " before_state, after_state, tenant_id)"
                + " values (?, ?, ?, ?, ?, cast(? as jsonb), cast(? as jsonb),"
                + " cast(cast(? as text) as bigint))")
        .setParameter(1, Instant.now())
        .setParameter(2, actor)
        .setParameter(3, action)
        .setParameter(4, targetType)
        .setParameter(5, targetId)
        .setParameter(6, before == null ? null : JSON.toJson(before))
        .setParameter(7, after == null ? null : JSON.toJson(after))
        .setParameter(8, tenantId == null ? null : tenantId.toString())
        .executeUpdate();
  }

  /**
   * For an action whose change commits by itself (a cancel, which other transactions carry out):
   * the entry is written in a transaction of its own.
   */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public void recordAction(
      String actor, String action, String targetType, String targetId, Long tenantId) {
    record(actor, action, targetType, targetId, null, null, tenantId);
  }

  /** A filter of the audit log; null fields do not filter. */
  public record Filter(
      Long tenantId,
      String actor,
      String action,
      String targetType,
      String targetId,
      TimeRange range,
      Long beforeId) {}

  /** Entries matching the filter, newest first, as the API shows them. */
  public List<AuditEntryView> find(Filter f, int limit) {
    StringBuilder jpql = new StringBuilder("select a from AuditEntry a where 1 = 1");
    Map<String, Object> params = new HashMap<>();
    if (f.tenantId() != null) {
      jpql.append(" and a.tenantId = :tenant");
      params.put("tenant", f.tenantId());
    }
    if (f.actor() != null) {
      jpql.append(" and a.actor = :actor");
      params.put("actor", f.actor());
    }
    if (f.action() != null) {
      jpql.append(" and a.action = :action");
      params.put("action", f.action());
    }
    if (f.targetType() != null) {
      jpql.append(" and a.targetType = :type");
      params.put("type", f.targetType());
    }
    if (f.targetId() != null) {
      jpql.append(" and a.targetId = :target");
      params.put("target", f.targetId());
    }
    if (f.range().from() != null) {
      jpql.append(" and a.occurredAt >= :from");
      params.put("from", f.range().from());
    }
    if (f.range().to() != null) {
      jpql.append(" and a.occurredAt < :to");
      params.put("to", f.range().to());
    }
    if (f.beforeId() != null) {
      jpql.append(" and a.id < :before");
      params.put("before", f.beforeId());
    }
    var query =
        em.createQuery(jpql.append(" order by a.id desc").toString(), AuditEntry.class)
            .setMaxResults(limit);
    params.forEach(query::setParameter);
    return query.getResultList().stream().map(AuditLog::view).toList();
  }

  static AuditEntryView view(AuditEntry a) {
    return new AuditEntryView(
        a.id,
        a.occurredAt.toString(),
        a.actor,
        a.action,
        a.targetType,
        a.targetId,
        json(a.before),
        json(a.after));
  }

  private static JsonValue json(String stored) {
    return stored == null ? null : JsonP.JSON.createReader(new StringReader(stored)).readValue();
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
