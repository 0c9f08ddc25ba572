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
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.slurmllm.access.boundary.Allowed;
import org.slurmllm.access.boundary.Caller;
import org.slurmllm.access.entity.Role;

/** The console's live stream: what changed, as it changes, limited to what the key may see. */
@Path("/api/events")
@Tag(name = "Console", description = "What the web console needs beyond the other endpoints.")
@Allowed({Role.USER, Role.AUDITOR})
public class EventsResource {

  @Inject ConsoleWatchers watchers;
  @Inject Caller caller;

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
              + " Changes are read once a second; a comment every 15 s keeps the stream open.")
  public void events(@Context SseEventSink sink, @Context Sse sse) {
    watchers.watch(caller.principal(), sink, sse);
  }
}
