package org.slurmllm.bulk.boundary;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.slurmllm.access.boundary.Allowed;
import org.slurmllm.access.boundary.Caller;
import org.slurmllm.access.entity.Role;
import org.slurmllm.bulk.control.BatchRecords;
import org.slurmllm.bulk.control.BatchService;

/** A batch's audit trail: each chunk with its request range, SLURM job, attempts, node, times. */
@Path("/api/batches/{id}/chunks")
@Tag(name = "Batches", description = "How batches ran on the cluster.")
@Produces(MediaType.APPLICATION_JSON)
@Allowed({Role.USER, Role.AUDITOR})
public class BatchChunksResource {

  @Inject BatchService batches;
  @Inject BatchRecords records;
  @Inject Caller caller;

  @GET
  @Operation(summary = "The batch's chunks and their SLURM jobs")
  public ChunkView.OfBatch chunks(@PathParam("id") String id) {
    BatchesResource.find(batches, id, caller.principal());
    return new ChunkView.OfBatch(id, records.chunks(id).stream().map(ChunkView::of).toList());
  }
}
