package org.slurmllm.catalog.boundary;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Comparator;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.slurmllm.access.boundary.Allowed;
import org.slurmllm.access.boundary.Caller;
import org.slurmllm.access.entity.Role;
import org.slurmllm.catalog.entity.ModelDefinition;
import org.slurmllm.catalog.entity.ModelMapping;
import org.slurmllm.rest.ApiError;
import org.slurmllm.rest.ApiException;
import org.slurmllm.rest.PageLimit;
import org.slurmllm.rest.RequestValidator;

/** Admin API of the model catalog. */
@Path("/api/models")
@Tag(name = "Catalog", description = "Models the cluster can serve (admin).")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ModelsResource {

  @Inject ModelCatalog catalog;
  @Inject RequestValidator validator;
  @Inject Caller caller;

  @Allowed({Role.USER, Role.AUDITOR})
  @GET
  @Operation(
      summary = "List models",
      description = "By name, paged with after (the last name of the previous page) and limit.")
  @APIResponse(
      responseCode = "200",
      content = @Content(schema = @Schema(implementation = ModelList.class)))
  public ModelList list(@QueryParam("after") String after, @QueryParam("limit") String limitText) {
    int limit = PageLimit.parse(limitText, 1000, 1000);
    return ModelList.page(
        catalog.visibleTo(caller.principal()).stream()
            .map(ModelMapping::toDefinition)
            .filter(m -> after == null || m.name().compareTo(after) > 0)
            .sorted(Comparator.comparing(ModelDefinition::name))
            .limit(limit + 1L)
            .map(this::forCaller)
            .toList(),
        limit);
  }

  @Allowed({Role.USER, Role.AUDITOR})
  @GET
  @Path("{name}")
  @Operation(summary = "Get one model")
  @APIResponse(
      responseCode = "200",
      content = @Content(schema = @Schema(implementation = ModelDefinition.class)))
  @APIResponse(
      responseCode = "404",
      description = "Unknown model",
      content = @Content(schema = @Schema(implementation = ApiError.class)))
  public ModelDefinition get(@PathParam("name") @Parameter(example = "llama-3.1-8b") String name) {
    return forCaller(ModelMapping.toDefinition(catalog.getVisible(name, caller.principal())));
  }

  @POST
  @Operation(summary = "Add a model", description = "Omitted fields get defaults.")
  @APIResponse(
      responseCode = "201",
      description = "Created; Location names the new model",
      content = @Content(schema = @Schema(implementation = ModelDefinition.class)))
  @APIResponse(
      responseCode = "400",
      description = "Invalid fields, all named in the message",
      content = @Content(schema = @Schema(implementation = ApiError.class)))
  @APIResponse(
      responseCode = "409",
      description = "Name already taken",
      content = @Content(schema = @Schema(implementation = ApiError.class)))
  public Response create(ModelDefinition definition, @Context UriInfo uri) {
    ModelDefinition created =
        ModelMapping.toDefinition(catalog.create(validator.check(definition)));
    return Response.created(uri.getAbsolutePathBuilder().path(created.name()).build())
        .entity(created)
        .build();
  }

  @PUT
  @Path("{name}")
  @Operation(
      summary = "Replace a model's definition",
      description = "The body's name may be omitted; if given it must match the path.")
  @APIResponse(
      responseCode = "200",
      content = @Content(schema = @Schema(implementation = ModelDefinition.class)))
  @APIResponse(
      responseCode = "400",
      description = "Invalid fields",
      content = @Content(schema = @Schema(implementation = ApiError.class)))
  @APIResponse(
      responseCode = "404",
      description = "Unknown model",
      content = @Content(schema = @Schema(implementation = ApiError.class)))
  public ModelDefinition replace(@PathParam("name") String name, ModelDefinition definition) {
    if (definition != null && definition.name() != null && !definition.name().equals(name)) {
      throw ApiException.invalid(
          "name", "name: must match the path ('" + name + "'); models cannot be renamed");
    }
    ModelDefinition named = definition == null ? null : definition.withName(name);
    return ModelMapping.toDefinition(catalog.replace(validator.check(named)));
  }

  @DELETE
  @Path("{name}")
  @Operation(summary = "Remove a model", description = "Its replicas are drained and stopped.")
  @APIResponse(responseCode = "204", description = "Removed")
  @APIResponse(
      responseCode = "404",
      description = "Unknown model",
      content = @Content(schema = @Schema(implementation = ApiError.class)))
  public Response delete(@PathParam("name") String name) {
    catalog.delete(name);
    return Response.noContent().build();
  }

  /** Which tenants may use a model is for admins (and global auditors): it names other tenants. */
  private ModelDefinition forCaller(ModelDefinition d) {
    return caller.principal().seesAllTenants() ? d : d.withTenants(null);
  }
}
