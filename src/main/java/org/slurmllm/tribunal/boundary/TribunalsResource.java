package org.slurmllm.tribunal.boundary;

import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.slurmllm.access.boundary.Allowed;
import org.slurmllm.access.boundary.Caller;
import org.slurmllm.access.boundary.LiveStreams;
import org.slurmllm.access.entity.Role;
import org.slurmllm.catalog.boundary.ModelCatalog;
import org.slurmllm.catalog.entity.Model;
import org.slurmllm.history.boundary.AuditLog;
import org.slurmllm.rest.ApiError;
import org.slurmllm.rest.ApiException;
import org.slurmllm.rest.PageLimit;
import org.slurmllm.tribunal.control.TribunalRecords;
import org.slurmllm.tribunal.control.TribunalRunner;
import org.slurmllm.tribunal.control.TribunalSettings;
import org.slurmllm.tribunal.control.TribunalSlots;
import org.slurmllm.tribunal.entity.Tribunal;
import org.slurmllm.tribunal.entity.TribunalRequest;

/** Tribunals: started at once, run in the background, read back with their whole transcript. */
@Path("/api/tribunals")
@Tag(name = "Tribunals", description = "Several models answer, judges score, answers are refined.")
@Produces(MediaType.APPLICATION_JSON)
public class TribunalsResource {

  @Inject TribunalRecords records;
  @Inject TribunalRunner runner;
  @Inject ModelCatalog catalog;
  @Inject Caller caller;
  @Inject AuditLog audit;
  @Inject TribunalWatchers watchers;
  @Inject TribunalSettings settings;
  @Inject LiveStreams streams;

  @Allowed({Role.USER})
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Start a tribunal (answers at once; it runs in the background)")
  @APIResponse(
      responseCode = "202",
      description = "Accepted: id and status queued",
      content = @Content(schema = @Schema(implementation = TribunalView.class)))
  @APIResponse(
      responseCode = "400",
      description =
          "Wrong fields, all named in param (comma-separated), e.g. a prompt over its bytes",
      content = @Content(schema = @Schema(implementation = ApiError.class)))
  @APIResponse(
      responseCode = "429",
      description =
          "The key holds its most tribunals (too_many_tribunals) or this gateway's queue is full"
              + " (tribunal_queue_full); see Retry-After",
      content = @Content(schema = @Schema(implementation = ApiError.class)))
  public Response create(JsonObject body, @Context UriInfo uri) {
    var principal = caller.principal();
    TribunalRequest request =
        TribunalRequest.of(
            body,
            name ->
                catalog
                    .find(name)
                    .filter(m -> m.usableBy(principal.tenantName(), principal.seesAllTenants()))
                    .filter(m -> !Model.EMBED.equals(m.task)) // an embedding model cannot answer
                    .isPresent(),
            settings.limits());
    TribunalSlots.Ticket ticket = runner.admit(principal.keyId(), principal.role() == Role.ADMIN);
    Tribunal t;
    try {
      t = records.create(request.toJson(), principal.keyId(), principal.tenantId());
    } catch (RuntimeException e) {
      ticket.ended();
      throw e;
    }
    runner.start(t.id, request, ticket);
    return Response.accepted(TribunalView.of(t, List.of()))
        .location(uri.getAbsolutePathBuilder().path(t.id).build())
        .build();
  }

  @Allowed({Role.USER, Role.AUDITOR})
  @GET
  @Operation(summary = "List tribunals, newest first (paged with after and limit)")
  public TribunalList list(
      @QueryParam("after") String after,
      @QueryParam("limit") @DefaultValue("20") String limitText) {
    int limit = PageLimit.parse(limitText, 20, 100);
    var principal = caller.principal();
    List<Tribunal> page = records.list(after, limit + 1, principal.tenantFilter());
    return TribunalList.page(page.stream().map(t -> TribunalView.of(t, null)).toList(), limit);
  }

  @Allowed({Role.USER, Role.AUDITOR})
  @GET
  @Path("{id}")
  @Operation(summary = "A tribunal: status, verdict and every step")
  @APIResponse(
      responseCode = "200",
      description = "The tribunal with its steps",
      content = @Content(schema = @Schema(implementation = TribunalView.class)))
  @APIResponse(
      responseCode = "404",
      description = "No such tribunal",
      content = @Content(schema = @Schema(implementation = ApiError.class)))
  public TribunalView get(@PathParam("id") String id) {
    return TribunalView.of(find(id), records.steps(id));
  }

  @Allowed({Role.USER, Role.AUDITOR})
  @GET
  @Path("{id}/events")
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @Operation(
      summary = "Progress as server-sent events",
      description =
          "An event \"step\" for every call as it ends (the step object), \"status\" when the"
              + " status changes, and the stream ends with the tribunal's final state; a comment"
              + " every 5 s keeps it open. When the key is revoked or expires the stream ends at"
              + " once with an event \"error\" whose data is the API's error body.")
  @APIResponse(
      responseCode = "200",
      description = "Server-sent events: step, status, then the final state",
      content =
          @Content(mediaType = "text/event-stream", schema = @Schema(type = SchemaType.STRING)))
  @APIResponse(
      responseCode = "404",
      description = "No such tribunal",
      content = @Content(schema = @Schema(implementation = ApiError.class)))
  @APIResponse(
      responseCode = "429",
      description =
          "The key has its most live streams open (too_many_streams, SLURMLLM_STREAMS_PER_KEY);"
              + " see Retry-After",
      content = @Content(schema = @Schema(implementation = ApiError.class)))
  public void events(@PathParam("id") String id, @Context SseEventSink sink, @Context Sse sse) {
    find(id);
    LiveStreams.Slot slot = streams.open(caller.principal());
    watchers.follow(id, caller.principal().keyId(), sink, sse, slot);
  }

  @Allowed({Role.USER})
  @POST
  @Path("{id}/cancel")
  @Operation(summary = "Cancel a tribunal (calls in flight finish; nothing new starts)")
  @APIResponse(
      responseCode = "200",
      description = "The tribunal (cancelled, or ended already)",
      content = @Content(schema = @Schema(implementation = TribunalView.class)))
  @APIResponse(
      responseCode = "404",
      description = "No such tribunal",
      content = @Content(schema = @Schema(implementation = ApiError.class)))
  public TribunalView cancel(@PathParam("id") String id) {
    Tribunal t = find(id);
    audit.recordAction(caller.name(), "tribunal.cancel", "tribunal", id, t.tenantId);
    runner.cancel(id);
    return TribunalView.of(find(id), records.steps(id));
  }

  private Tribunal find(String id) {
    Tribunal t = records.find(id);
    // another tenant's tribunal is as unknown as a missing one
    if (t == null || !caller.principal().sees(t.tenantId)) {
      throw new ApiException(
          Response.Status.NOT_FOUND,
          "invalid_request_error",
          "tribunal_not_found",
          "id",
          "No such tribunal: " + id);
    }
    return t;
  }
}
