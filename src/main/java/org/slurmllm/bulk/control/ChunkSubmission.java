package org.slurmllm.bulk.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;
import org.slurmllm.bulk.entity.BatchChunk;
import org.slurmllm.catalog.boundary.ModelCatalog;
import org.slurmllm.catalog.entity.Model;
import org.slurmllm.cluster.boundary.Cluster;
import org.slurmllm.cluster.entity.NamedJob;
import org.slurmllm.cluster.entity.SchedulerUnavailableException;
import org.slurmllm.cluster.entity.SubmitRejectedException;

/**
 * One attempt to give a chunk a SLURM job: adopt the job the scheduler already runs for it, or
 * submit a new one. Every outcome is written to the chunk's record, which is returned: a job id, or
 * none and the reason (a deleted model spends all attempts; a refused submission spends one, after
 * a pause that grows with the attempts).
 */
@ApplicationScoped
public class ChunkSubmission {

  private static final Logger LOG = Logger.getLogger(ChunkSubmission.class.getName());

  static final Duration SUBMIT_RETRY_PAUSE = Duration.ofSeconds(5);

  @Inject ChunkTransitions transitions;
  @Inject BulkSettings settings;
  @Inject ChunkJobs jobs;
  @Inject Cluster scheduler;
  @Inject ModelCatalog catalog;

  /** The chunk's record after the attempt; its job id is null if it has no job. */
  BatchChunk submit(BatchChunk chunk, BatchFiles work, BooleanSupplier stopping) {
    String batchId = chunk.batchId;
    Model model = catalog.find(chunk.modelName).orElse(null);
    if (model == null) {
      return transitions.unrunnable(
          batchId,
          chunk.index,
          settings.chunkAttempts(),
          "the model " + chunk.modelName + " was deleted");
    }
    String jobId;
    try {
      String adopted = adoptable(batchId, chunk.index);
      jobId =
          adopted != null
              ? adopted
              : scheduler.submit(
                  jobs.job(
                      model,
                      batchId,
                      chunk.index,
                      chunk.attempts + 1,
                      work.input(chunk.index),
                      work.output(chunk.index)));
    } catch (SubmitRejectedException | SchedulerUnavailableException e) {
      // the scheduler said no or was away: an attempt spent, tried again after a pause
      String why = "submission failed: " + e.getMessage();
      BatchChunk failed = transitions.refused(batchId, chunk.index, why);
      pause(SUBMIT_RETRY_PAUSE.multipliedBy(failed.attempts), stopping);
      return failed;
    }
    return transitions.submitted(batchId, chunk.index, jobId);
  }

  /**
   * A job of this chunk the scheduler already holds though no record points at it: submitted just
   * before a crash or a restart, before its id was written. Adopted rather than submitted again;
   * any further one is cancelled.
   */
  private String adoptable(String batchId, int index) {
    List<NamedJob> running = scheduler.activeJobsNamed(jobs.namePrefix(batchId, index));
    if (running.isEmpty()) {
      return null;
    }
    running.stream().skip(1).forEach(j -> scheduler.cancel(j.status().jobId()));
    String adopted = running.get(0).status().jobId();
    LOG.info(() -> "batch " + batchId + " chunk " + index + ": adopted job " + adopted);
    return adopted;
  }

  /** Sleeps in short steps so that a stopping batchlet is not held up by the pause. */
  private static void pause(Duration d, BooleanSupplier stopping) {
    long end = System.nanoTime() + d.toNanos();
    while (!stopping.getAsBoolean() && System.nanoTime() < end) {
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
