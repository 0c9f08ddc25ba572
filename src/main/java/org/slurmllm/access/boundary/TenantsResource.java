package org.slurmllm.access.boundary;

import jakarta.inject.Inject;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.slurmllm.access.control.Tenants;
import org.slurmllm.access.entity.ContentPolicy;
import org.slurmllm.access.entity.Principal;
import org.slurmllm.access.entity.Role;
import org.slurmllm.access.entity.Tenant;
import org.slurmllm.rest.ApiError;
import org.slurmllm.rest.ApiException;
import org.slurmllm.rest.ListPage;
import org.slurmllm.rest.PageLimit;

/** Tenants (admin; auditors read their own, or all without a tenant). */
@Path("/api/tenants")
@Tag(name = "Access", description = "Tenants, API keys, usage and audit.")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TenantsResource {

  /** A tenant as the API shows it. */
  public record TenantView(
      String name,
      String contentPolicy,
      Long storageQuotaBytes,
      @Schema(
              description =
                  "Its weight in a model's fair share while several tenants wait (1: equal).")
          double weight,
      String createdAt) {
    static TenantView of(Tenant t) {
      return new TenantView(
          t.name, t.contentPolicy, t.storageQuotaBytes, t.weight, t.createdAt.toString());
    }
  }

  @Inject Tenants tenants;
  @Inject Caller caller;

  @GET
  @Allowed(Role.AUDITOR)
  @Operation(
      summary = "List tenants",
      description = "By name, paged with after (the last name of the previous page) and limit.")
  public TenantList list(@QueryParam("after") String after, @QueryParam("limit") String limitText) {
    int limit = PageLimit.parse(limitText, 1000, 1000);
    Principal p = caller.principal();
    List<TenantView> rows =
        tenants.all().stream()
            .filter(t -> p.sees(t.id))
            .filter(t -> after == null || t.name.compareTo(after) > 0)
            .sorted(Comparator.comparing((Tenant t) -> t.name))
            .limit(limit + 1L)
            .map(TenantView::of)
            .toList();
    return TenantList.of(ListPage.of(rows, limit));
  }

  @GET
  @Path("{name}")
  @Allowed(Role.AUDITOR)
  @Operation(summary = "Get a tenant")
  public TenantView get(@PathParam("name") String name) {
    Tenant t = tenants.find(name).filter(x -> caller.principal().sees(x.id)).orElse(null);
    if (t == null) {
      throw Tenants.unknown(name);
    }
    return TenantView.of(t);
  }

  @POST
  @Operation(
      summary = "Add a tenant",
      description =
          "Body: {\"name\": \"...\", \"contentPolicy\": \"none|metadata|full\","
              + " \"storageQuotaBytes\": N, \"weight\": W}; storageQuotaBytes (optional, null:"
              + " none) bounds what its files (uploads and batch outputs) may take together;"
              + " weight (optional, default 1, up to 1000) is its share of a busy model's"
              + " replicas beside other tenants': weight 2 is served twice the tokens of 1.")
  @APIResponse(
      responseCode = "201",
      description = "Added; Location names it",
      content = @Content(schema = @Schema(implementation = TenantView.class)))
  @APIResponse(
      responseCode = "400",
      description = "A wrong or missing field, named in param",
      content = @Content(schema = @Schema(implementation = ApiError.class)))
  @APIResponse(
      responseCode = "409",
      description = "The name is taken",
      content = @Content(schema = @Schema(implementation = ApiError.class)))
  public Response create(JsonObject body, @Context UriInfo uri) {
    if (body == null) {
      throw ApiException.invalid(null, "A JSON object is required.");
    }
    String name = body.get("name") instanceof JsonString s ? s.getString() : null;
    Tenant t =
        tenants.create(
            name, policy(body, false), quota(body).orElse(null), weight(body), caller.name());
    return Response.created(uri.getAbsolutePathBuilder().path(t.name).build())
        .entity(TenantView.of(t))
        .build();
  }

  @PATCH
  @Path("{name}")
  @Operation(
      summary = "Change a tenant's content policy, storage quota or weight",
      description =
          "Body: contentPolicy, storageQuotaBytes (null: no quota) and/or weight; what it leaves"
              + " out stays.")
  public TenantView update(@PathParam("name") String name, JsonObject body) {
    if (body == null) {
      throw ApiException.invalid(null, "A JSON object is required.");
    }
    boolean quotaGiven = body.containsKey("storageQuotaBytes");
    Optional<Long> quota = quota(body);
    Double weight = weight(body);
    ContentPolicy policy = policy(body, !quotaGiven && weight == null);
    return TenantView.of(
        tenants.update(
            name,
            body.containsKey("contentPolicy") ? policy : null,
            quotaGiven,
            quota.orElse(null),
            weight,
            caller.name()));
  }

  @DELETE
  @Path("{name}")
  @Operation(
      summary = "Delete a tenant",
      description =
          "Refused (409, every reason named) while any key of the tenant is not revoked or a model"
              + " is limited to it. The tenant is marked deleted, not removed: its usage, audit"
              + " entries, keys, files, batches and tribunals keep naming it (GET /api/usage?tenant="
              + " still reads its history), and its name is never given to another tenant.")
  @APIResponse(responseCode = "204", description = "Deleted")
  @APIResponse(
      responseCode = "404",
      description = "No such tenant (or deleted already)",
      content = @Content(schema = @Schema(implementation = ApiError.class)))
  @APIResponse(
      responseCode = "409",
      description = "Keys not revoked, or models limited to it",
      content = @Content(schema = @Schema(implementation = ApiError.class)))
  public Response delete(@PathParam("name") String name) {
    tenants.delete(name, caller.name());
    return Response.noContent().build();
  }

  /** The storage quota given: empty when absent or null; a 400 unless a whole number >= 0. */
  private static Optional<Long> quota(JsonObject body) {
    JsonValue v = body.get("storageQuotaBytes");
    if (v == null || v == JsonValue.NULL) {
      return Optional.empty();
    }
    if (v instanceof JsonNumber n && n.isIntegral() && n.longValue() >= 0) {
      return Optional.of(n.longValue());
    }
    throw ApiException.invalid(
        "storageQuotaBytes", "storageQuotaBytes: a whole number of bytes, 0 or more (null: none)");
  }

  /** The weight given (null when absent or null); a 400 unless a number above 0, at most 1000. */
  private static Double weight(JsonObject body) {
    JsonValue v = body.get("weight");
    if (v == null || v == JsonValue.NULL) {
      return null;
    }
    if (v instanceof JsonNumber n && n.doubleValue() > 0 && n.doubleValue() <= 1000) {
      return n.doubleValue();
    }
    throw ApiException.invalid("weight", "weight: a number above 0, at most 1000");
  }

  private static ContentPolicy policy(JsonObject body, boolean required) {
    JsonValue v = body.get("contentPolicy");
    if (v == null || v == JsonValue.NULL) {
      if (required) {
        throw ApiException.invalid("contentPolicy", "contentPolicy: required");
      }
      return ContentPolicy.NONE;
    }
    ContentPolicy p = v instanceof JsonString s ? ContentPolicy.of(s.getString()) : null;
    if (p == null) {
      throw ApiException.invalid("contentPolicy", "contentPolicy: one of none, metadata, full");
    }
    return p;
  }
}
