package org.slurmllm.responses.boundary;

import static org.slurmllm.rest.JsonP.JSON;

import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.StringReader;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.slurmllm.access.boundary.Allowed;
import org.slurmllm.access.boundary.Caller;
import org.slurmllm.access.entity.Role;
import org.slurmllm.responses.control.ResponseStore;
import org.slurmllm.responses.entity.StoredResponse;
import org.slurmllm.rest.ApiError;
import org.slurmllm.rest.ApiException;

/**
 * The stored responses of OpenAI's Responses API: read one, its input items, or delete it. Another
 * tenant's response is as unknown as a missing one. ({@code POST /v1/responses} is served on the
 * gateway's I/O threads, by {@link ResponsesTranslator}.)
 */
@Path("/v1/responses/{id}")
@Tag(name = "OpenAI", description = "OpenAI-compatible API.")
@Produces(MediaType.APPLICATION_JSON)
public class ResponsesResource {

  @Inject ResponseStore store;
  @Inject Caller caller;

  /** What a deletion answers, as OpenAI's does. */
  public record Deleted(String id, String object, boolean deleted) {}

  /** The input items of a response, as OpenAI's list. */
  public record ItemList(
      String object,
      @Schema(type = SchemaType.ARRAY, description = "Input items, as they were sent")
          JsonArray data,
      String first_id,
      String last_id,
      boolean has_more) {}

  @Allowed({Role.USER, Role.AUDITOR})
  @GET
  @Operation(summary = "Retrieve a stored response")
  @APIResponse(
      responseCode = "200",
      description = "The response object",
      content = @Content(schema = @Schema(ref = "Response")))
  @APIResponse(
      responseCode = "404",
      description = "No such response stored",
      content = @Content(schema = @Schema(implementation = ApiError.class)))
  public JsonObject get(@PathParam("id") String id) {
    return object(find(id).response());
  }

  @Allowed({Role.USER, Role.AUDITOR})
  @GET
  @Path("input_items")
  @Operation(summary = "List a stored response's input items")
  @APIResponse(
      responseCode = "200",
      description = "The input items",
      content = @Content(schema = @Schema(implementation = ItemList.class)))
  @APIResponse(
      responseCode = "404",
      description = "No such response stored",
      content = @Content(schema = @Schema(implementation = ApiError.class)))
  public ItemList inputItems(@PathParam("id") String id) {
    JsonArray items;
    try (var reader = JSON.createReader(new StringReader(find(id).inputItems()))) {
      items = reader.readArray();
    }
    String first = items.isEmpty() ? null : items.getJsonObject(0).getString("id", null);
    String last =
        items.isEmpty() ? null : items.getJsonObject(items.size() - 1).getString("id", null);
    return new ItemList("list", items, first, last, false);
  }

  @Allowed({Role.USER})
  @DELETE
  @Operation(summary = "Delete a stored response")
  @APIResponse(
      responseCode = "200",
      description = "Deleted",
      content = @Content(schema = @Schema(implementation = Deleted.class)))
  @APIResponse(
      responseCode = "404",
      description = "No such response stored",
      content = @Content(schema = @Schema(implementation = ApiError.class)))
  public Deleted delete(@PathParam("id") String id) {
    find(id);
    store.delete(id);
    return new Deleted(id, "response.deleted", true);
  }

  private StoredResponse find(String id) {
    return store
        .find(id)
        .filter(r -> caller.principal().sees(r.tenantId()))
        .orElseThrow(
            () ->
                new ApiException(
                    Response.Status.NOT_FOUND,
                    "invalid_request_error",
                    "response_not_found",
                    "id",
                    "No response with id '" + id + "' is stored."));
  }

  private static JsonObject object(String json) {
    try (var reader = JSON.createReader(new StringReader(json))) {
      return reader.readObject();
    } catch (RuntimeException e) {
      return JsonValue.EMPTY_JSON_OBJECT;
    }
  }
}
