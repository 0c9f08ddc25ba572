package org.slurmllm.history.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slurmllm.database.SqlTimes;
import org.slurmllm.history.entity.UsagePoint;
import org.slurmllm.rest.ApiException;

/**
 * The usage ledger in time buckets, computed by the database: requests, tokens, errors, refusals
 * (429) and latency percentiles per bucket and group, so a chart never fetches the records.
 */
@ApplicationScoped
public class UsageSeries {

  /** What a series may be split by, and the SQL of each group's label. */
  public enum GroupBy {
    NONE("'all'"),
    MODEL("u.model"),
    TENANT("coalesce(t.name, '(none)')"),
    KEY("coalesce(k.name || ' #' || k.id, '(none)')");

    final String label;

    GroupBy(String label) {
      this.label = label;
    }

    public static GroupBy of(String text) {
      if (text == null || text.isBlank()) {
        return NONE;
      }
      for (GroupBy g : values()) {
        if (g.name().equalsIgnoreCase(text)) {
          return g;
        }
      }
      throw ApiException.invalid("groupBy", "groupBy: one of model, tenant, key");
    }
  }

  /** More rows than this is a chart nobody can read: the caller is told to narrow it. */
  static final int MOST_POINTS = 20_000;

  @PersistenceContext EntityManager em;

  /** The buckets of records matching the filter, oldest first, at most {@link #MOST_POINTS}. */
  public List<UsagePoint> find(UsageQuery.Filter f, Duration bucket, GroupBy groupBy) {
    List<Object> params = new ArrayList<>();
    params.add(bucket.toSeconds() + " seconds");
    String where = UsageQuery.where(f, params, false, "u.");
    @SuppressWarnings("unchecked")
    List<Object[]> rows =
        UsageQuery.bind(
                em.createNativeQuery(
                    "select date_bin(cast(? as interval), u.occurred_at,"
                        + " timestamptz '2000-01-01 00:00:00+00'), "
                        + groupBy.label
                        + ", count(*), coalesce(sum(u.prompt_tokens), 0),"
                        + " coalesce(sum(u.completion_tokens), 0),"
                        + " count(*) filter (where u.status >= 400 and u.status not in (429, 499)),"
                        + " count(*) filter (where u.status = 429),"
                        + " percentile_cont(0.5) within group (order by u.latency_ms),"
                        + " percentile_cont(0.95) within group (order by u.latency_ms),"
                        + " percentile_cont(0.5) within group (order by u.ttft_ms),"
                        + " percentile_cont(0.95) within group (order by u.ttft_ms)"
                        + " from app.usage_records u"
                        + " left join app.tenants t on t.id = u.tenant_id"
                        + " left join app.api_keys k on k.id = u.key_id"
                        + where
                        + " group by 1, 2 order by 1, 2 limit "
                        + (MOST_POINTS + 1)),
                params)
            .getResultList();
    if (rows.size() > MOST_POINTS) {
      throw ApiException.invalid(
          "bucket",
          "More than "
              + MOST_POINTS
              + " points: choose a wider bucket, a shorter range or no group");
    }
    List<UsagePoint> points = new ArrayList<>(rows.size());
    for (Object[] r : rows) {
      points.add(
          new UsagePoint(
              SqlTimes.instant(r[0]).toString(),
              r[1] == null ? null : r[1].toString(),
              ((Number) r[2]).longValue(),
              ((Number) r[3]).longValue(),
              ((Number) r[4]).longValue(),
              ((Number) r[5]).longValue(),
              ((Number) r[6]).longValue(),
              millis(r[7]),
              millis(r[8]),
              millis(r[9]),
              millis(r[10])));
    }
    return points;
  }

  private static Long millis(Object value) {
    return value == null ? null : Math.round(((Number) value).doubleValue());
  }
}
