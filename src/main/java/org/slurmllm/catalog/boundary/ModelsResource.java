package org.slurmllm.catalog.boundary;

import jakarta.inject.Inject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
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
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.slurmllm.access.boundary.Allowed;
import org.slurmllm.access.boundary.Caller;
import org.slurmllm.access.entity.Role;
import org.slurmllm.catalog.entity.Model;
import org.slurmllm.catalog.entity.ModelDefinition;
import org.slurmllm.catalog.entity.ModelMapping;
import org.slurmllm.rest.ApiError;
import org.slurmllm.rest.ApiException;
import org.slurmllm.rest.PageLimit;
import org.slurmllm.rest.RequestValidator;

/** Admin API of the model catalog; users and auditors read it too, users a summary only. */
@Path("/api/models")
@Tag(name = "Catalog", description = "Models the cluster can serve (admin).")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ModelsResource {

  /** The media type of a JSON merge patch (RFC 7396). */
  static final String MERGE_PATCH = "application/merge-patch+json";

  @Inject ModelCatalog catalog;
  @Inject RequestValidator validator;
  @Inject Caller caller;

  @Allowed({Role.USER, Role.AUDITOR})
  @GET
  @Operation(
      summary = "List models",
      description =
          "By name, paged with after (the last name of the previous page) and limit. Admin and"
              + " auditor keys read whole definitions (ModelList); a user key reads what a client"
              + " needs to call a model (ModelSummaryList): name, task, context length, status.")
  @APIResponse(
      responseCode = "200",
      content = @Content(schema = @Schema(oneOf = {ModelList.class, ModelSummaryList.class})))
  public Response list(@QueryParam("after") String after, @QueryParam("limit") String limitText) {
    int limit = PageLimit.parse(limitText, 1000, 1000);
    List<Model> plusOne =
        catalog.visibleTo(caller.principal()).stream()
            .filter(m -> after == null || m.name.compareTo(after) > 0)
            .sorted(Comparator.comparing((Model m) -> m.name))
            .limit(limit + 1L)
            .toList();
    List<Model> page = plusOne.stream().limit(limit).toList();
    boolean more = plusOne.size() > limit;
    String last = page.isEmpty() ? null : page.get(page.size() - 1).name;
    if (readsSummariesOnly()) {
      return Response.ok(
              new ModelSummaryList(
                  "list", page.stream().map(ModelSummary::of).toList(), more, last))
          .build();
    }
    return Response.ok(
            new ModelList(
                "list",
                page.stream().map(ModelMapping::toDefinition).map(this::forCaller).toList(),
                more,
                last))
        .build();
  }

  @Allowed({Role.USER, Role.AUDITOR})
  @GET
  @Path("{name}")
  @Operation(
      summary = "Get one model",
      description =
          "Admin and auditor keys read the whole definition (Model); a user key reads a"
              + " ModelSummary.")
  @APIResponse(
      responseCode = "200",
      content = @Content(schema = @Schema(oneOf = {ModelDefinition.class, ModelSummary.class})))
  @APIResponse(
      responseCode = "404",
      description = "Unknown model",
      content = @Content(schema = @Schema(implementation = ApiError.class)))
  public Response get(@PathParam("name") @Parameter(example = "llama-3.1-8b") String name) {
    Model model = catalog.getVisible(name, caller.principal());
    return Response.ok(
            readsSummariesOnly()
                ? ModelSummary.of(model)
                : forCaller(ModelMapping.toDefinition(model)))
        .build();
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
      description =
          "The whole definition: fields left out return to their defaults (PATCH changes some"
              + " fields only). The body's name may be omitted; if given it must match the path.")
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

  @PATCH
  @Path("{name}")
  @Consumes({MERGE_PATCH, MediaType.APPLICATION_JSON})
  @Operation(
      summary = "Change part of a model's definition",
      description =
          "A JSON merge patch (RFC 7396, Content-Type application/merge-patch+json): the fields"
              + " given replace the stored ones (resources, scaling and container merged field by"
              + " field), null returns a field to its default, fields left out stay. The merged"
              + " definition is checked as a PUT's body and applied as a PUT's: changing what the"
              + " model runs with rolls its replicas, scaling changes roll nothing.")
  @RequestBody(
      content =
          @Content(
              mediaType = MERGE_PATCH,
              schema = @Schema(implementation = ModelDefinition.class),
              examples =
                  @ExampleObject(name = "idle", value = "{\"scaling\":{\"idleMinutes\":30}}")))
  @APIResponse(
      responseCode = "200",
      description = "The whole model after the change",
      content = @Content(schema = @Schema(implementation = ModelDefinition.class)))
  @APIResponse(
      responseCode = "400",
      description = "Invalid or unknown fields in the merged definition, all named in the message",
      content = @Content(schema = @Schema(implementation = ApiError.class)))
  @APIResponse(
      responseCode = "404",
      description = "Unknown model",
      content = @Content(schema = @Schema(implementation = ApiError.class)))
  public ModelDefinition patch(@PathParam("name") String name, JsonValue patch) {
    if (patch == null) {
      throw ApiException.invalid(null, "A JSON merge patch is required.");
    }
    return ModelMapping.toDefinition(catalog.patch(name, patch, validator::check));
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

  /**
   * A user key reads no model's internals (weights, arguments, container, SLURM account, partition,
   * QOS, constraint, resources): a typed summary, not a definition with fields taken out.
   */
  private boolean readsSummariesOnly() {
    return caller.principal().role() == Role.USER;
  }

  /** Which tenants may use a model is for admins (and global auditors): it names other tenants. */
  private ModelDefinition forCaller(ModelDefinition d) {
    return caller.principal().seesAllTenants() ? d : d.withTenants(null);
  }
}
