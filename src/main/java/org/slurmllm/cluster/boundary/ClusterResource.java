package org.slurmllm.cluster.boundary;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response.Status;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.slurmllm.access.boundary.Allowed;
import org.slurmllm.access.entity.Role;
import org.slurmllm.cluster.entity.ClusterState;
import org.slurmllm.cluster.entity.SchedulerUnavailableException;
import org.slurmllm.rest.ApiError;
import org.slurmllm.rest.ApiException;

/**
 * The cluster as the scheduler sees it now: partitions, nodes, free CPUs and GPUs, and which of
 * this installation's replicas and chunk jobs run on each node (from the jobs' names, as SLURM
 * reports them: what runs where, whatever the database believes).
 */
@Path("/api/cluster")
@Tag(name = "Cluster", description = "The batch scheduler's partitions and nodes (admin).")
@Produces(MediaType.APPLICATION_JSON)
@Allowed(Role.AUDITOR)
public class ClusterResource {

  @Inject Cluster cluster;

  @GET
  @Operation(
      summary =
          "Partitions and nodes with total and free CPUs, GPUs and memory, and the replicas and"
              + " chunk jobs running on each node")
  @APIResponse(
      responseCode = "200",
      content = @Content(schema = @Schema(implementation = ClusterState.class)))
  @APIResponse(
      responseCode = "503",
      description = "The scheduler does not answer",
      content = @Content(schema = @Schema(implementation = ApiError.class)))
  public ClusterState describe() {
    try {
      return cluster.overview();
    } catch (SchedulerUnavailableException e) {
      throw new ApiException(
          Status.SERVICE_UNAVAILABLE,
          "server_error",
          "scheduler_unavailable",
          null,
          "The scheduler does not answer: " + e.getMessage());
    }
  }
}
