package org.slurmllm.console.boundary;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
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
import org.slurmllm.rest.ApiError;

/** The console's live stream: what changed, as it changes, limited to what the key may see. */
@Path("/api/events")
@Tag(name = "Console", description = "What the web console needs beyond the other endpoints.")
@Allowed({Role.USER, Role.AUDITOR})
public class EventsResource {

  @Inject ConsoleWatchers watchers;
  @Inject Caller caller;
  @Inject LiveStreams streams;

  @GET
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @Operation(
      summary = "Changes as server-sent events",
      description =
          "\"hello\" at once, then an event named after the kind of what changed: \"model\""
              + " (status, message, desiredReplicas), \"replica\" (model, state, jobId, node,"
              + " pendingReason, failureReason), \"batch\" (status, total, completed, failed) and"
              + " \"tribunal\" (status, rounds, steps); each carries kind and id, and"
              + " removed:true when the thing left the watched set. Models and replicas go to"
              + " admins and auditors; batches and tribunals to whoever sees their tenant."
              + " Changes are read once a second; a comment every 5 s keeps the stream open. The"
              + " key is checked again every second: when it is revoked or expires, the stream"
              + " ends with an event \"error\" whose data is the API's error body.")
  @APIResponse(
      responseCode = "200",
      description = "Server-sent events: hello, then one event per change",
      content =
          @Content(mediaType = "text/event-stream", schema = @Schema(type = SchemaType.STRING)))
  @APIResponse(
      responseCode = "429",
      description =
          "The key has its most live streams open (too_many_streams, SLURMLLM_STREAMS_PER_KEY);"
              + " see Retry-After",
      content = @Content(schema = @Schema(implementation = ApiError.class)))
  public void events(@Context SseEventSink sink, @Context Sse sse) {
    LiveStreams.Slot slot = streams.open(caller.principal());
    watchers.watch(caller.principal(), sink, sse, slot);
  }
}
