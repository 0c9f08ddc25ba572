package org.slurmllm.serving.boundary;

import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.slurmllm.access.boundary.Allowed;
import org.slurmllm.access.boundary.Caller;
import org.slurmllm.access.entity.Role;
import org.slurmllm.catalog.boundary.ModelCatalog;
import org.slurmllm.serving.control.ReplicaCensus;

/** Live replicas by model and state, for an overview of the whole catalog in one request. */
@Path("/api/replicas/counts")
@Tag(name = "Serving")
@Produces(MediaType.APPLICATION_JSON)
@Allowed(Role.AUDITOR)
public class ReplicaCountsResource {

  @Inject ReplicaCensus census;
  @Inject ModelCatalog catalog;
  @Inject Caller caller;

  @GET
  @Operation(
      summary = "Live replicas of every model, by state",
      description =
          "{\"data\": {model: {PENDING|STARTING|READY|DRAINING: count}}} for the models the key"
              + " may see; a model without live replicas is absent.")
  public ReplicaCounts counts() {
    Set<String> visible =
        catalog.visibleTo(caller.principal()).stream().map(m -> m.name).collect(Collectors.toSet());
    Map<String, Map<String, Long>> data = new LinkedHashMap<>();
    census
        .live()
        .forEach(
            (model, states) -> {
              if (visible.contains(model)) {
                data.put(model, states);
              }
            });
    return new ReplicaCounts("replica.counts", data);
  }

  /** Live replicas: model name to state name to how many replicas of it are in that state. */
  @Schema(name = "ReplicaCounts")
  @JsonbPropertyOrder({"object", "data"})
  public record ReplicaCounts(
      @Schema(example = "replica.counts") String object,
      @Schema(description = "By model, then by state (PENDING, STARTING, READY, DRAINING).")
          Map<String, Map<String, Long>> data) {}
}
