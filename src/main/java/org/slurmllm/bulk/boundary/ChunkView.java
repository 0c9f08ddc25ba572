package org.slurmllm.bulk.boundary;

import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.slurmllm.bulk.entity.BatchChunk;

/** One chunk of a batch: its lines, its SLURM job, attempts, node and times (ISO-8601). */
@Schema(name = "BatchChunk")
@JsonbNillable
@JsonbPropertyOrder({
  "index",
  "model",
  "firstLine",
  "lastLine",
  "requests",
  "state",
  "jobId",
  "attempts",
  "node",
  "completed",
  "failed",
  "message",
  "submittedAt",
  "startedAt",
  "endedAt"
})
public record ChunkView(
    int index,
    String model,
    int firstLine,
    int lastLine,
    int requests,
    String state,
    String jobId,
    int attempts,
    String node,
    int completed,
    int failed,
    String message,
    String submittedAt,
    String startedAt,
    String endedAt) {

  static ChunkView of(BatchChunk c) {
    return new ChunkView(
        c.index,
        c.modelName,
        c.firstLine,
        c.lastLine,
        c.requests,
        c.state.name(),
        c.jobId,
        c.attempts,
        c.node,
        c.completed,
        c.failed,
        c.message,
        c.submittedAt == null ? null : c.submittedAt.toString(),
        c.startedAt == null ? null : c.startedAt.toString(),
        c.endedAt == null ? null : c.endedAt.toString());
  }

  /** A batch's chunks, in order. */
  @Schema(name = "BatchChunkList")
  @JsonbPropertyOrder({"batchId", "data"})
  public record OfBatch(String batchId, List<ChunkView> data) {}
}
