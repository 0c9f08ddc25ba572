package org.slurmllm.history.boundary;

import jakarta.inject.Inject;
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
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.slurmllm.access.boundary.Allowed;
import org.slurmllm.access.boundary.Caller;
import org.slurmllm.access.boundary.KeyOwners;
import org.slurmllm.access.boundary.TenantNames;
import org.slurmllm.access.entity.Principal;
import org.slurmllm.access.entity.Role;
import org.slurmllm.history.control.BucketSize;
import org.slurmllm.history.control.TimeRange;
import org.slurmllm.history.control.UsageCsv;
import org.slurmllm.history.control.UsageQuery;
import org.slurmllm.history.control.UsageSeries;
import org.slurmllm.history.entity.UsagePoint;
import org.slurmllm.history.entity.UsageRecordView;
import org.slurmllm.rest.ApiException;
import org.slurmllm.rest.ListPage;
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
  @Inject TenantNames tenantNames;
  @Inject KeyOwners keyOwners;

  @GET
  @Operation(
      summary = "Usage records and totals",
      description =
          "Filters: tenant (name), key (id), model, kind (chat|completion|batch|tribunal),"
              + " requestId (a request's X-Request-Id, a batch line's custom_id), from"
              + " and to (ISO-8601 or Unix seconds; from inclusive, to exclusive). Totals cover"
              + " everything the filters match; records are newest first, paged with after (the"
              + " last id of the previous page) and limit.")
  public UsagePage usage(
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
    return UsagePage.of(result.totals(), ListPage.of(result.records(), limit));
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
  @APIResponse(
      responseCode = "200",
      description = "One header line, then one line per record",
      content = @Content(mediaType = "text/csv", schema = @Schema(type = SchemaType.STRING)))
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
            List<UsageRecordView> page = query.records(filter.before(before), EXPORT_PAGE);
            for (UsageRecordView r : page) {
              w.write(UsageCsv.line(r));
            }
            w.flush();
            if (page.size() < EXPORT_PAGE) {
              break;
            }
            before = page.get(page.size() - 1).id();
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
  public UsageSeriesView series(
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
    List<UsagePoint> points =
        series.find(
            filter(tenant, key, model, kind, new TimeRange(start, end), null, null),
            bucket,
            groupBy);
    return new UsageSeriesView(
        "usage.series",
        start.toString(),
        end.toString(),
        bucket.toSeconds(),
        groupBy.name().toLowerCase(Locale.ROOT),
        points);
  }

  /** The tenant's id; another tenant than the caller's own is as unknown as a missing one. */
  private Long tenantId(String name, Principal p) {
    return tenantNames
        .idOf(name)
        .filter(p::sees)
        .orElseThrow(() -> notFound("tenant", "No tenant named '" + name + "'."));
  }

  private void checkKey(long key, Principal p) {
    if (!keyOwners.seenBy(key, p)) {
      throw notFound("key", "No key " + key + ".");
    }
  }

  static ApiException notFound(String param, String message) {
    return new ApiException(
        Status.NOT_FOUND, "invalid_request_error", param + "_not_found", param, message);
  }
}
