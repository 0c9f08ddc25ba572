package org.slurmllm.history.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slurmllm.database.SqlTimes;

/** Reads the usage ledger: filtered records, newest first, and the totals of the same filter. */
@ApplicationScoped
public class UsageQuery {

  /** The filter; null fields do not filter. */
  public record Filter(
      Long tenantId,
      Long keyId,
      String model,
      String kind,
      TimeRange range,
      Long beforeId,
      String requestId) {

    /** The same filter, for the records older than {@code id}. */
    public Filter before(Long id) {
      return new Filter(tenantId, keyId, model, kind, range, id, requestId);
    }
  }

  /** What the filter matched: totals over all of it, and one page of records. */
  public record Result(Map<String, Object> totals, List<Map<String, Object>> records) {}

  @PersistenceContext EntityManager em;

  public Result find(Filter f, int limit) {
    return new Result(totals(f), records(f, limit));
  }

  /** Counts and token sums of everything the filter matches (its page position aside). */
  public Map<String, Object> totals(Filter f) {
    List<Object> params = new ArrayList<>();
    String where = where(f, params, false, "");
    Object[] sums =
        (Object[])
            bind(
                    em.createNativeQuery(
                        "select count(*), coalesce(sum(prompt_tokens), 0),"
                            + " coalesce(sum(completion_tokens), 0) from app.usage_records"
                            + where),
                    params)
                .getSingleResult();
    Map<String, Object> totals = new LinkedHashMap<>();
    totals.put("requests", ((Number) sums[0]).longValue());
    totals.put("promptTokens", ((Number) sums[1]).longValue());
    totals.put("completionTokens", ((Number) sums[2]).longValue());
    totals.put("totalTokens", ((Number) sums[1]).longValue() + ((Number) sums[2]).longValue());
    return totals;
  }

  /** Up to {@code limit} records, newest first, older than the filter's {@code beforeId}. */
  public List<Map<String, Object>> records(Filter f, int limit) {
    List<Object> pageParams = new ArrayList<>();
    String pageWhere = where(f, pageParams, true, "u.");
    @SuppressWarnings("unchecked")
    List<Object[]> rows =
        bind(
                em.createNativeQuery(
                    "select u.id, u.occurred_at, u.key_id, t.name, u.kind, u.model,"
                        + " u.replica_id, u.slurm_job_id, u.reference, u.prompt_tokens,"
                        + " u.completion_tokens, u.latency_ms, u.ttft_ms, u.status,"
                        + " u.prompt_chars, u.completion_chars, u.prompt_text, u.completion_text,"
                        + " u.request_id"
                        + " from app.usage_records u left join app.tenants t on t.id = u.tenant_id"
                        + pageWhere
                        + " order by u.id desc limit "
                        + limit),
                pageParams)
            .getResultList();
    List<Map<String, Object>> records = new ArrayList<>();
    for (Object[] r : rows) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", ((Number) r[0]).longValue());
      m.put("at", SqlTimes.instant(r[1]).toString());
      m.put("keyId", r[2] == null ? null : ((Number) r[2]).longValue());
      m.put("tenant", r[3]);
      m.put("kind", r[4]);
      m.put("model", r[5]);
      m.put("replicaId", r[6] == null ? null : r[6].toString());
      m.put("slurmJobId", r[7]);
      m.put("reference", r[8]);
      m.put("promptTokens", r[9]);
      m.put("completionTokens", r[10]);
      m.put("latencyMs", r[11]);
      m.put("timeToFirstTokenMs", r[12]);
      m.put("status", r[13]);
      m.put("requestId", r[18]);
      if (r[14] != null) {
        m.put("promptChars", r[14]);
        m.put("completionChars", r[15]);
      }
      if (r[16] != null) {
        m.put("prompt", r[16]);
        m.put("completion", r[17]);
      }
      records.add(m);
    }
    return records;
  }

  static String where(Filter f, List<Object> params, boolean paged, String p) {
    StringBuilder w = new StringBuilder(" where true");
    if (f.tenantId() != null) {
      w.append(" and " + p + "tenant_id = ?");
      params.add(f.tenantId());
    }
    if (f.keyId() != null) {
      w.append(" and " + p + "key_id = ?");
      params.add(f.keyId());
    }
    if (f.model() != null) {
      w.append(" and " + p + "model = ?");
      params.add(f.model());
    }
    if (f.requestId() != null) {
      w.append(" and " + p + "request_id = ?");
      params.add(f.requestId());
    }
    if (f.kind() != null) {
      w.append(" and " + p + "kind = ?");
      params.add(f.kind());
    }
    if (f.range().from() != null) {
      w.append(" and " + p + "occurred_at >= ?");
      params.add(Timestamp.from(f.range().from()));
    }
    if (f.range().to() != null) {
      w.append(" and " + p + "occurred_at < ?");
      params.add(Timestamp.from(f.range().to()));
    }
    if (paged && f.beforeId() != null) {
      w.append(" and " + p + "id < ?");
      params.add(f.beforeId());
    }
    return w.toString();
  }

  static Query bind(Query q, List<Object> params) {
    for (int i = 0; i < params.size(); i++) {
      q.setParameter(i + 1, params.get(i));
    }
    return q;
  }
}
