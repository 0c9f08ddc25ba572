package org.slurmllm.history.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slurmllm.access.boundary.TenantNames;
import org.slurmllm.database.SqlTimes;
import org.slurmllm.history.entity.UsageRecordView;
import org.slurmllm.history.entity.UsageTotals;

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
  public record Result(UsageTotals totals, List<UsageRecordView> records) {}

  @PersistenceContext EntityManager em;
  @Inject TenantNames tenants;

  public Result find(Filter f, int limit) {
    return new Result(totals(f), records(f, limit));
  }

  /** Counts and token sums of everything the filter matches (its page position aside). */
  public UsageTotals totals(Filter f) {
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
    long prompt = ((Number) sums[1]).longValue();
    long completion = ((Number) sums[2]).longValue();
    return new UsageTotals(((Number) sums[0]).longValue(), prompt, completion, prompt + completion);
  }

  /** Up to {@code limit} records, newest first, older than the filter's {@code beforeId}. */
  public List<UsageRecordView> records(Filter f, int limit) {
    List<Object> pageParams = new ArrayList<>();
    String pageWhere = where(f, pageParams, true, "u.");
    @SuppressWarnings("unchecked")
    List<Object[]> rows =
        bind(
                em.createNativeQuery(
                    "select u.id, u.occurred_at, u.key_id, u.tenant_id, u.kind, u.model,"
                        + " u.replica_id, u.slurm_job_id, u.reference, u.prompt_tokens,"
                        + " u.completion_tokens, u.latency_ms, u.ttft_ms, u.status,"
                        + " u.prompt_chars, u.completion_chars, u.prompt_text, u.completion_text,"
                        + " u.request_id"
                        + " from app.usage_records u"
                        + pageWhere
                        + " order by u.id desc limit "
                        + limit),
                pageParams)
            .getResultList();
    // the page's tenants named by access, in one lookup: their table is access's
    Set<Long> tenantIds = new HashSet<>();
    rows.stream()
        .filter(r -> r[3] != null)
        .forEach(r -> tenantIds.add(((Number) r[3]).longValue()));
    Map<Long, String> tenantNames = tenants.of(tenantIds);
    List<UsageRecordView> records = new ArrayList<>(rows.size());
    for (Object[] r : rows) {
      boolean metadata = r[14] != null;
      boolean text = r[16] != null;
      records.add(
          new UsageRecordView(
              ((Number) r[0]).longValue(),
              SqlTimes.instant(r[1]).toString(),
              r[2] == null ? null : ((Number) r[2]).longValue(),
              r[3] == null ? null : tenantNames.get(((Number) r[3]).longValue()),
              (String) r[4],
              (String) r[5],
              r[6] == null ? null : r[6].toString(),
              (String) r[7],
              (String) r[8],
              integer(r[9]),
              integer(r[10]),
              integer(r[11]),
              integer(r[12]),
              integer(r[13]),
              (String) r[18],
              metadata ? integer(r[14]) : null,
              metadata ? integer(r[15]) : null,
              text ? (String) r[16] : null,
              text ? (String) r[17] : null));
    }
    return records;
  }

  /** A column the driver read as some integer type (int4 today), as the API's Integer. */
  private static Integer integer(Object value) {
    return value == null ? null : ((Number) value).intValue();
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
