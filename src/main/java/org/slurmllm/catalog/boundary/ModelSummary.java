package org.slurmllm.catalog.boundary;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.slurmllm.catalog.entity.Model;
import org.slurmllm.catalog.entity.ModelInternals;

/**
 * A model as a {@code user} key reads it on {@code /api/models}: what a client needs to call it,
 * the same as {@code /v1/models} says. How it runs (engine, weights, arguments, container, SLURM
 * partition, account, QOS, constraint, resources, scaling, tenants) is for admin and auditor keys:
 * on a shared cluster those name paths, allocations and queues the other users could go after.
 */
@Schema(
    name = "ModelSummary",
    description =
        "A model as a user key sees it; admin and auditor keys read the whole Model instead.")
public record ModelSummary(
    @Schema(description = "The id clients use in the `model` field.", example = "llama-3.1-8b")
        String name,
    @Schema(
            description = "generate (chat and completions) or embed (/v1/embeddings).",
            enumeration = {"generate", "embed"},
            example = "generate")
        String task,
    @Schema(description = "Maximum tokens of prompt plus completion.", example = "8192")
        int contextLength,
    @Schema(description = "What the cluster is doing with the model now.") Status status,
    @Schema(readOnly = true) Instant createdAt) {

  /**
   * The model's serving state: {@code idle} (the first request starts a replica), {@code starting},
   * {@code serving} or {@code backoff}; the message without the model's internals.
   */
  @Schema(name = "ModelSummaryStatus")
  public record Status(
      @Schema(
              enumeration = {"idle", "starting", "serving", "backoff"},
              example = "serving")
          String state,
      @Schema(example = "2 of 2 replicas ready") String message) {}

  static ModelSummary of(Model m) {
    return new ModelSummary(
        m.name,
        m.task,
        m.contextLength,
        new Status(m.servingStatus, ModelInternals.hide(m, m.servingMessage)),
        m.createdAt);
  }
}
