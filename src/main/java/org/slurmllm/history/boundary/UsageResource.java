package org.slurmllm.history.boundary;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.slurmllm.access.boundary.Allowed;
import org.slurmllm.access.boundary.Caller;
import org.slurmllm.access.entity.Principal;
import org.slurmllm.access.entity.Role;
import org.slurmllm.history.control.BucketSize;
import org.slurmllm.history.control.TimeRange;
import org.slurmllm.history.control.UsageCsv;
import org.slurmllm.history.control.UsageQuery;
import org.slurmllm.history.control.UsageSeries;
import org.slurmllm.rest.ApiException;
import org.slurmllm.rest.PageLimit;

/**
 * The usage ledger for auditors: one record per interactive request, batch request and tribunal
 * step, with totals. An auditor of a tenant sees that tenant's only; asking for another's is a 404.
 */
@Path("/api/usage")
@Tag(name = "Access")
@Produces(MediaType.APPLICATION_JSON)
@Allowed(Role.AUDITOR)
public class UsageResource {

  private static final Set<String> KINDS =
      Set.of("chat", "completion", "embedding", "batch", "tribunal");

  @Inject UsageQuery query;
  @Inject UsageSeries series;
  @Inject Caller caller;
  @PersistenceContext EntityManager em;

  @GET
  @Operation(
      summary = "Usage records and totals",
      description =
          "Filters: tenant (name), key (id), model, kind (chat|completion|batch|tribunal),"
              + " requestId (a request's X-Request-Id, a batch line's custom_id), from"
              + " and to (ISO-8601 or Unix seconds; from inclusive, to exclusive). Totals cover"
              + " everything the filters match; records are newest first, paged with after (the"
              + " last id of the previous page) and limit.")
  public Map<String, Object> usage(
      @QueryParam("tenant") String tenant,
      @QueryParam("key") Long key,
      @QueryParam("model") String model,
      @QueryParam("kind") String kind,
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("after") Long after,
      @QueryParam("limit") String limitText,
      @QueryParam("requestId") String requestId) {
    int limit = PageLimit.parse(limitText, 100, 1000);
    UsageQuery.Result result =
        query.find(
            filter(tenant, key, model, kind, TimeRange.parse(from, to), after, requestId),
            limit + 1);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("totals", result.totals());
    body.putAll(NewestPage.of(result.records(), limit));
    return body;
  }

  /** How many records one query of the CSV export reads; the answer streams page by page. */
  static final int EXPORT_PAGE = 5000;

  @GET
  @Path("export")
  @Produces("text/csv")
  @Operation(
      summary = "Usage records as CSV",
      description =
          "Every record the filters match (as for the records), newest first, streamed; without"
              + " the prompt and completion text.")
  public Response export(
      @QueryParam("tenant") String tenant,
      @QueryParam("key") Long key,
      @QueryParam("model") String model,
      @QueryParam("kind") String kind,
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("requestId") String requestId) {
    UsageQuery.Filter filter =
        filter(tenant, key, model, kind, TimeRange.parse(from, to), null, requestId);
    StreamingOutput body =
        out -> {
          Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
          w.write(UsageCsv.header());
          Long before = null;
          for (; ; ) {
            List<Map<String, Object>> page = query.records(filter.before(before), EXPORT_PAGE);
            for (Map<String, Object> r : page) {
              w.write(UsageCsv.line(r));
            }
            w.flush();
            if (page.size() < EXPORT_PAGE) {
              break;
            }
            before = (Long) page.get(page.size() - 1).get("id");
          }
        };
    return Response.ok(body, "text/csv; charset=utf-8")
        .header("Content-Disposition", "attachment; filename=\"usage.csv\"")
        .build();
  }

  /** The filter of the read APIs, checked against what the caller may see. */
  private UsageQuery.Filter filter(
      String tenant,
      Long key,
      String model,
      String kind,
      TimeRange range,
      Long after,
      String requestId) {
    if (kind != null && !KINDS.contains(kind)) {
      throw ApiException.invalid(
          "kind", "kind: one of chat, completion, embedding, batch, tribunal");
    }
    Principal p = caller.principal();
    // a tenant's auditor reads its own tenant's only; naming another one is a 404
    Long tenantId = tenant == null ? p.tenantFilter() : tenantId(tenant, p);
    if (key != null) {
      checkKey(key, p);
    }
    return new UsageQuery.Filter(tenantId, key, model, kind, range, after, requestId);
  }

  @GET
  @Path("series")
  @Operation(
      summary = "Usage in time buckets",
      description =
          "Per bucket (and group): requests, promptTokens, completionTokens, errors (4xx and 5xx"
              + " but 429 and 499), refused (429), latency and time-to-first-token p50/p95 in ms,"
              + " computed by the database. from and to default to the last hour; bucket is a"
              + " width (60, 30s, 5m, 1h, 1d; default 1m; at most 1440 buckets); groupBy is"
              + " model, tenant or key (default: none). Filters as for the records.")
  public Map<String, Object> series(
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("bucket") String bucketText,
      @QueryParam("groupBy") String groupByText,
      @QueryParam("tenant") String tenant,
      @QueryParam("key") Long key,
      @QueryParam("model") String model,
      @QueryParam("kind") String kind) {
    TimeRange asked = TimeRange.parse(from, to);
    Instant end = asked.to() != null ? asked.to() : Instant.now();
    Instant start = asked.from() != null ? asked.from() : end.minus(Duration.ofHours(1));
    if (!start.isBefore(end)) {
      throw ApiException.invalid("from", "from: must be before to");
    }
    Duration bucket = BucketSize.parse(bucketText);
    BucketSize.check(Duration.between(start, end), bucket);
    UsageSeries.GroupBy groupBy = UsageSeries.GroupBy.of(groupByText);
    List<Map<String, Object>> points =
        series.find(
            filter(tenant, key, model, kind, new TimeRange(start, end), null, null),
            bucket,
            groupBy);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("object", "usage.series");
    body.put("from", start.toString());
    body.put("to", end.toString());
    body.put("bucketSeconds", bucket.toSeconds());
    body.put("groupBy", groupBy.name().toLowerCase(Locale.ROOT));
    body.put("data", points);
    return body;
  }

  /** The tenant's id; another tenant than the caller's own is as unknown as a missing one. */
  private Long tenantId(String name, Principal p) {
    List<?> ids =
        em.createNativeQuery("select id from app.tenants where name = ?")
            .setParameter(1, name)
            .getResultList();
    if (ids.isEmpty() || !p.sees(((Number) ids.get(0)).longValue())) {
      throw notFound("tenant", "No tenant named '" + name + "'.");
    }
    return ((Number) ids.get(0)).longValue();
  }

  private void checkKey(long key, Principal p) {
    List<?> tenants =
        em.createNativeQuery("select coalesce(tenant_id, -1) from app.api_keys where id = ?")
            .setParameter(1, key)
            .getResultList();
    if (tenants.isEmpty()) {
      throw notFound("key", "No key " + key + ".");
    }
    long owner = ((Number) tenants.get(0)).longValue();
    if (!p.sees(owner < 0 ? null : owner)) {
      throw notFound("key", "No key " + key + ".");
    }
  }

  static ApiException notFound(String param, String message) {
    return new ApiException(
        Status.NOT_FOUND, "invalid_request_error", param + "_not_found", param, message);
  }
}
