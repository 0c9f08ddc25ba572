package org.slurmllm.access.boundary;

import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
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
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.slurmllm.access.control.Tenants;
import org.slurmllm.access.entity.ContentPolicy;
import org.slurmllm.access.entity.Principal;
import org.slurmllm.access.entity.Role;
import org.slurmllm.access.entity.Tenant;
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
  public record TenantView(String name, String contentPolicy, String createdAt) {
    static TenantView of(Tenant t) {
      return new TenantView(t.name, t.contentPolicy, t.createdAt.toString());
    }
  }

  @Inject Tenants tenants;
  @Inject Caller caller;

  @GET
  @Allowed(Role.AUDITOR)
  @Operation(
      summary = "List tenants",
      description = "By name, paged with after (the last name of the previous page) and limit.")
  public Map<String, Object> list(
      @QueryParam("after") String after, @QueryParam("limit") String limitText) {
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
    return ListPage.of(rows, limit, TenantView::name);
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
      description = "Body: {\"name\": \"...\", \"contentPolicy\": \"none|metadata|full\"}.")
  public Response create(JsonObject body, @Context UriInfo uri) {
    if (body == null) {
      throw ApiException.invalid(null, "A JSON object is required.");
    }
    String name = body.get("name") instanceof JsonString s ? s.getString() : null;
    Tenant t = tenants.create(name, policy(body, false), caller.name());
    return Response.created(uri.getAbsolutePathBuilder().path(t.name).build())
        .entity(TenantView.of(t))
        .build();
  }

  @PATCH
  @Path("{name}")
  @Operation(summary = "Change a tenant's content policy")
  public TenantView update(@PathParam("name") String name, JsonObject body) {
    if (body == null) {
      throw ApiException.invalid(null, "A JSON object is required.");
    }
    return TenantView.of(tenants.setPolicy(name, policy(body, true), caller.name()));
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
