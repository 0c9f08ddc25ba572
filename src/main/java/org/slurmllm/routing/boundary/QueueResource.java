package org.slurmllm.routing.boundary;

import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.slurmllm.access.boundary.Allowed;
import org.slurmllm.access.boundary.Caller;
import org.slurmllm.access.entity.Principal;
import org.slurmllm.access.entity.Role;
import org.slurmllm.catalog.boundary.ModelCatalog;
import org.slurmllm.rest.ApiError;
import org.slurmllm.routing.control.admission.Admission;
import org.slurmllm.routing.entity.Share;

/**
 * Who waits for a model's replicas on this gateway, by tenant and tier, in the order they are
 * served: what an admin looks at when a tenant says it waits. A tenant's auditor sees its own
 * tenant's rows only, with the total.
 */
@Path("/api/models/{name}/queue")
@Tag(name = "Serving")
@Produces(MediaType.APPLICATION_JSON)
@Allowed(Role.AUDITOR)
public class QueueResource {

  @Inject Admission admission;
  @Inject ModelCatalog catalog;
  @Inject Caller caller;

  /** One tenant's requests waiting at one tier. */
  @Schema(name = "QueueRow")
  @JsonbPropertyOrder({"tenant", "tier", "waiting", "servedWeightedTokens"})
  public record Row(
      @Schema(description = "The tenant's name; (none) for keys without a tenant") String tenant,
      @Schema(enumeration = {"priority", "default", "flex"}) String tier,
      int waiting,
      @Schema(
              description =
                  "The tenant's virtual counter: weighted tokens served, divided by its weight;"
                      + " the smallest goes next within a tier")
          long servedWeightedTokens) {}

  /** A model's queue on this gateway. */
  @Schema(name = "ModelQueue")
  @JsonbPropertyOrder({"object", "model", "waiting", "data"})
  public record Queue(
      @Schema(example = "model.queue") String object,
      String model,
      @Schema(description = "Every request waiting, whoever's") int waiting,
      @Schema(description = "Next served first") List<Row> data) {}

  @GET
  @Operation(
      summary = "Who waits for a model's replicas, by tenant and service tier",
      description =
          "On this gateway (each gateway queues its own requests). Rows in the order they are"
              + " served: tier first (priority, default, flex), then the tenant served least.")
  @APIResponse(
      responseCode = "200",
      content = @Content(schema = @Schema(implementation = Queue.class)))
  @APIResponse(
      responseCode = "404",
      description = "Unknown model",
      content = @Content(schema = @Schema(implementation = ApiError.class)))
  public Queue queue(@PathParam("name") String name) {
    Principal p = caller.principal();
    String model = catalog.getVisible(name, p).name;
    var rows = admission.waiting(model);
    String own = p.seesAllTenants() ? null : Share.party(p.tenantId(), p.keyId());
    return new Queue(
        "model.queue",
        model,
        rows.stream().mapToInt(r -> r.waiting()).sum(),
        rows.stream()
            .filter(r -> own == null || own.equals(r.party()))
            .map(r -> new Row(r.tenant(), r.tier().value(), r.waiting(), Math.round(r.counter())))
            .toList());
  }
}
