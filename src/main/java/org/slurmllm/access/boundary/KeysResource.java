package org.slurmllm.access.boundary;

import jakarta.inject.Inject;
import jakarta.json.JsonObject;
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
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.slurmllm.access.control.KeyDirectory;
import org.slurmllm.access.control.KeyRequest;
import org.slurmllm.access.control.Keys;
import org.slurmllm.access.entity.KeyView;
import org.slurmllm.rest.ApiError;
import org.slurmllm.rest.ListPage;
import org.slurmllm.rest.PageLimit;

/** API keys (admin). The key is in the answer to its creation only. */
@Path("/api/keys")
@Tag(name = "Access")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class KeysResource {

  @Inject Keys keys;
  @Inject KeyDirectory directory;
  @Inject Caller caller;

  @GET
  @Operation(
      summary = "List keys (never the keys themselves)",
      description = "Newest first, paged with after (the last id of the previous page) and limit.")
  public KeyList list(@QueryParam("after") Long after, @QueryParam("limit") String limitText) {
    int limit = PageLimit.parse(limitText, 100, 1000);
    return KeyList.of(
        ListPage.of(keys.page(after, limit + 1).stream().map(keys::view).toList(), limit));
  }

  @GET
  @Path("{id}")
  @Operation(summary = "Get a key's record")
  public KeyView get(@PathParam("id") long id) {
    return keys.view(keys.get(id));
  }

  @POST
  @Operation(
      summary = "Make a key",
      description =
          "Body: name, role (user|auditor|admin), tenant (required for user), requestsPerMinute,"
              + " tokensPerMinute, tokenBudget, maxConcurrentRequests, expiresAt (ISO-8601 or Unix seconds). The answer's"
              + " \"key\" is shown this once; only its hash is kept.")
  @APIResponse(
      responseCode = "201",
      description = "Made; the key itself is in this answer only",
      content = @Content(schema = @Schema(implementation = KeyView.class)))
  @APIResponse(
      responseCode = "400",
      description = "Wrong fields, each named in fields",
      content = @Content(schema = @Schema(implementation = ApiError.class)))
  public Response create(JsonObject body, @Context UriInfo uri) {
    Keys.Created created = keys.create(KeyRequest.toCreate(body, Instant.now()), caller.name());
    directory.refresh();
    KeyView view = keys.view(created.stored()).withKey(created.key());
    return Response.created(
            uri.getAbsolutePathBuilder().path(created.stored().id.toString()).build())
        .entity(view)
        .build();
  }

  @PATCH
  @Path("{id}")
  @Operation(
      summary = "Change a key's name, limits, budget or expiry",
      description = "Fields left out stay; null removes a limit or the expiry.")
  public KeyView change(@PathParam("id") long id, JsonObject body) {
    KeyView view =
        keys.view(keys.change(id, KeyRequest.toChange(body, Instant.now()), caller.name()));
    directory.refresh();
    return view;
  }

  @DELETE
  @Path("{id}")
  @Operation(summary = "Revoke a key", description = "Its record stays, for usage and audit.")
  public KeyView revoke(@PathParam("id") long id) {
    KeyView view = keys.view(keys.revoke(id, caller.name()));
    directory.forget(id);
    return view;
  }
}
