package org.slurmllm.history.boundary;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response.Status;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.slurmllm.access.boundary.Allowed;
import org.slurmllm.access.control.Caller;
import org.slurmllm.access.entity.Principal;
import org.slurmllm.access.entity.Role;
import org.slurmllm.history.control.TimeRange;
import org.slurmllm.history.control.UsageQuery;
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

  private static final Set<String> KINDS = Set.of("chat", "completion", "batch", "tribunal");

  @Inject UsageQuery query;
  @Inject Caller caller;
  @PersistenceContext EntityManager em;

  @GET
  @Operation(
      summary = "Usage records and totals",
      description =
          "Filters: tenant (name), key (id), model, kind (chat|completion|batch|tribunal), from"
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
      @QueryParam("limit") String limitText) {
    int limit = PageLimit.parse(limitText, 100, 1000);
    if (kind != null && !KINDS.contains(kind)) {
      throw ApiException.invalid("kind", "kind: one of chat, completion, batch, tribunal");
    }
    TimeRange range = TimeRange.parse(from, to);
    Principal p = caller.principal();
    // a tenant's auditor reads its own tenant's only; naming another one is a 404
    Long tenantId = tenant == null ? p.tenantFilter() : tenantId(tenant, p);
    if (key != null) {
      checkKey(key, p);
    }
    UsageQuery.Result result =
        query.find(new UsageQuery.Filter(tenantId, key, model, kind, range, after), limit + 1);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("totals", result.totals());
    body.putAll(NewestPage.of(result.records(), limit));
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
