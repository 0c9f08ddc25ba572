package org.slurmllm.bulk.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.Map;
import org.slurmllm.catalog.entity.Engine;
import org.slurmllm.catalog.entity.Model;
import org.slurmllm.cluster.boundary.JobNaming;
import org.slurmllm.cluster.boundary.JobTemplates;
import org.slurmllm.cluster.entity.JobRequest;
import org.slurmllm.serving.boundary.ServerJobs;

/**
 * The SLURM job that answers one chunk: the worker's {@code run-batch} for {@code sim} and {@code
 * llamacpp} models, vLLM's {@code run-batch} for vLLM models, with the model's resources, placed as
 * chunk jobs are (see {@link BulkSettings#placeChunk}).
 */
@ApplicationScoped
public class ChunkJobs {

  @Inject ServerJobs jobs;
  @Inject JobTemplates templates;
  @Inject BulkSettings settings;
  @Inject JobNaming naming;

  /** The job of one attempt at a chunk, named after it (see {@link #namePrefix}). */
  public JobRequest job(
      Model model, String batchId, int chunk, int attempt, Path input, Path output) {
    JobRequest job =
        jobs.job(
            model,
            naming.names().chunk(batchId, chunk, attempt),
            templates.named(model.engine == Engine.VLLM ? "vllm-batch" : "worker-batch"),
            input.getParent().toString(),
            settings.logDir().resolve(batchId + "-" + chunk + ".log").toString(),
            Map.of(
                "SLURMLLM_BATCH_ID", batchId,
                "SLURMLLM_CHUNK", Integer.toString(chunk),
                "SLURMLLM_CHUNK_INPUT", input.toString(),
                "SLURMLLM_CHUNK_OUTPUT", output.toString()));
    // a model over several nodes: vLLM's run-batch needs them all (its Ray cluster); the worker's
    // run-batch answers a chunk on one node
    return settings.placeChunk(
        model.engine == Engine.VLLM ? job : job.spread(1, java.util.List.of()));
  }

  /** What the jobs of every attempt at a chunk are named with: adopted before any resubmission. */
  public String namePrefix(String batchId, int chunk) {
    return naming.names().chunkPrefix(batchId, chunk);
  }
}
