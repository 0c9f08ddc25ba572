package org.slurmllm.serving.boundary;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.slurmllm.serving.entity.Replica;
import org.slurmllm.serving.entity.ReplicaState;

/** A replica as the admin API shows it. */
@Schema(name = "Replica")
public record ReplicaView(
    @Schema(example = "6f1c2a4e-8b1d-4c55-9b0a-3e2d8f1a7c90") String id,
    String model,
    @Schema(enumeration = {"PENDING", "STARTING", "READY", "DRAINING", "STOPPED", "FAILED"})
        String state,
    @Schema(description = "local, cli or rest") String scheduler,
    @Schema(description = "The SLURM job id.", example = "4711") String jobId,
    @Schema(example = "gpu-node-07:38211") String endpoint,
    @Schema(example = "gpu-node-07") String node,
    Instant submittedAt,
    Instant startedAt,
    Instant readyAt,
    Instant endedAt,
    @Schema(description = "When the job's time limit ends it.") Instant walltimeEnd,
    @Schema(description = "The replica submitted to take over before the walltime ends.")
        String successorId,
    @Schema(description = "Why it failed, in the scheduler's or the probe's words.")
        String failureReason,
    @Schema(description = "While queued: why SLURM has not started its job (e.g. Resources).")
        String pendingReason) {

  static ReplicaView of(Replica r) {
    return new ReplicaView(
        r.id.toString(),
        r.modelName,
        r.state.name(),
        r.scheduler,
        r.jobId,
        r.endpoint,
        r.node,
        r.submittedAt,
        r.startedAt,
        r.readyAt,
        r.endedAt,
        r.walltimeEnd,
        r.successorId == null ? null : r.successorId.toString(),
        r.failureReason,
        r.state == ReplicaState.PENDING ? r.pendingReason : null);
  }
}
