package org.slurmllm.tribunal.boundary;

import static org.slurmllm.rest.JsonP.JSON;

import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
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
import java.io.StringReader;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.slurmllm.access.boundary.Allowed;
import org.slurmllm.access.boundary.Caller;
import org.slurmllm.access.entity.Role;
import org.slurmllm.catalog.boundary.ModelCatalog;
import org.slurmllm.catalog.entity.Model;
import org.slurmllm.history.boundary.AuditLog;
import org.slurmllm.rest.ApiException;
import org.slurmllm.rest.PageLimit;
import org.slurmllm.tribunal.control.TribunalRecords;
import org.slurmllm.tribunal.control.TribunalRunner;
import org.slurmllm.tribunal.entity.Tribunal;
import org.slurmllm.tribunal.entity.TribunalRequest;
import org.slurmllm.tribunal.entity.TribunalStep;

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

  @Allowed({Role.USER})
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Start a tribunal (answers at once; it runs in the background)")
  @APIResponse(responseCode = "202", description = "Accepted: id and status queued")
  @APIResponse(responseCode = "400", description = "A wrong field, named in param")
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
                    .isPresent());
    Tribunal t = records.create(request.toJson(), principal.keyId(), principal.tenantId());
    runner.start(t.id, request);
    return Response.accepted(view(t, List.of()))
        .location(uri.getAbsolutePathBuilder().path(t.id).build())
        .build();
  }

  @Allowed({Role.USER, Role.AUDITOR})
  @GET
  @Operation(summary = "List tribunals, newest first (paged with after and limit)")
  public JsonObject list(
      @QueryParam("after") String after,
      @QueryParam("limit") @DefaultValue("20") String limitText) {
    int limit = PageLimit.parse(limitText, 20, 100);
    var principal = caller.principal();
    List<Tribunal> page = records.list(after, limit + 1, principal.tenantFilter());
    return JSON.createObjectBuilder()
        .add("object", "list")
        .add(
            "data",
            JSON.createArrayBuilder(page.stream().limit(limit).map(t -> view(t, null)).toList()))
        .add("has_more", page.size() > limit)
        .add(
            "last_id",
            page.isEmpty()
                ? JsonValue.NULL
                : JSON.createValue(page.get(Math.min(limit, page.size()) - 1).id))
        .build();
  }

  @Allowed({Role.USER, Role.AUDITOR})
  @GET
  @Path("{id}")
  @Operation(summary = "A tribunal: status, verdict and every step")
  @APIResponse(responseCode = "404", description = "No such tribunal")
  public JsonObject get(@PathParam("id") String id) {
    return view(find(id), records.steps(id));
  }

  @Allowed({Role.USER, Role.AUDITOR})
  @GET
  @Path("{id}/events")
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @Operation(
      summary = "Progress as server-sent events",
      description =
          "An event \"step\" for every call as it ends (the step object), \"status\" when the"
              + " status changes, and the stream ends with the tribunal's final state.")
  @APIResponse(responseCode = "404", description = "No such tribunal")
  public void events(@PathParam("id") String id, @Context SseEventSink sink, @Context Sse sse) {
    find(id);
    watchers.follow(id, sink, sse);
  }

  @Allowed({Role.USER})
  @POST
  @Path("{id}/cancel")
  @Operation(summary = "Cancel a tribunal (calls in flight finish; nothing new starts)")
  @APIResponse(responseCode = "404", description = "No such tribunal")
  public JsonObject cancel(@PathParam("id") String id) {
    Tribunal t = find(id);
    audit.recordAction(caller.name(), "tribunal.cancel", "tribunal", id, t.tenantId);
    runner.cancel(id);
    return view(find(id), records.steps(id));
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

  static JsonObject view(Tribunal t, List<TribunalStep> steps) {
    JsonObjectBuilder o =
        JSON.createObjectBuilder()
            .add("id", t.id)
            .add("object", "tribunal")
            .add("status", t.status)
            .add("request", parse(t.request))
            .add("roundsRun", t.roundsRun)
            .add("createdAt", t.createdAt.toString())
            .add("startedAt", text(t.startedAt == null ? null : t.startedAt.toString()))
            .add("endedAt", text(t.endedAt == null ? null : t.endedAt.toString()))
            .add("error", text(t.error))
            .add(
                "verdict",
                t.verdictText == null
                    ? JsonValue.NULL
                    : JSON.createObjectBuilder()
                        .add("text", t.verdictText)
                        .add("model", text(t.verdictModel))
                        .add("score", t.verdictScore == null ? 0 : t.verdictScore)
                        .build());
    if (steps != null) {
      var list = JSON.createArrayBuilder();
      for (TribunalStep s : steps) {
        list.add(stepView(s));
      }
      o.add("steps", list);
    }
    return o.build();
  }

  static JsonObject stepView(TribunalStep s) {
    return JSON.createObjectBuilder()
        .add("round", s.round)
        .add("role", s.role)
        .add("model", s.model)
        .add("replica", text(s.replicaId == null ? null : s.replicaId.toString()))
        .add("prompt", s.prompt)
        .add("output", text(s.output))
        .add("scores", s.scores == null ? JsonValue.NULL : parse(s.scores))
        .add("latencyMs", s.latencyMs == null ? JsonValue.NULL : JSON.createValue(s.latencyMs))
        .add(
            "promptTokens",
            s.promptTokens == null ? JsonValue.NULL : JSON.createValue(s.promptTokens))
        .add(
            "completionTokens",
            s.completionTokens == null ? JsonValue.NULL : JSON.createValue(s.completionTokens))
        .add("error", text(s.error))
        .add("at", s.createdAt.toString())
        .build();
  }

  private static JsonValue parse(String json) {
    try (var r = JSON.createReader(new StringReader(json))) {
      return r.readValue();
    }
  }

  private static JsonValue text(String s) {
    return s == null ? JsonValue.NULL : JSON.createValue(s);
  }
}
