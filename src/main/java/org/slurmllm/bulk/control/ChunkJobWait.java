package org.slurmllm.bulk.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.slurmllm.cluster.entity.JobState;
import org.slurmllm.cluster.entity.JobStatus;

/**
 * Waits for a chunk's job to end, on {@link ChunkWatcher}'s future rather than by asking SLURM, and
 * notes in the chunk's record when the job starts running (where, since when), and when SLURM
 * requeues it (it waits to run again: no attempt spent). It looks up once a second so that a
 * stopping batchlet is not held up.
 */
@ApplicationScoped
public class ChunkJobWait {

  @Inject ChunkTransitions transitions;
  @Inject ChunkWatcher watcher;

  /** The job's final status; null when stopping. */
  JobStatus untilEnd(String batchId, int index, String jobId, BooleanSupplier stopping)
      throws InterruptedException {
    CompletableFuture<JobStatus> end = watcher.ended(jobId);
    boolean noted = false;
    while (!stopping.getAsBoolean()) {
      try {
        return end.get(1, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        JobStatus now = watcher.latest(jobId);
        if (noted && now != null && now.state() == JobState.PENDING) {
          noted = false;
          transitions.requeued(
              batchId,
              index,
              "job "
                  + jobId
                  + " requeued by SLURM"
                  + (now.reason() == null ? "" : " (" + now.reason() + ")")
                  + "; it runs again, no attempt spent");
        }
        if (!noted && now != null && now.state().isActive()) {
          noted = true;
          transitions.running(
              batchId,
              index,
              now.node(),
              now.startTime() != null ? now.startTime() : Instant.now());
        }
      } catch (ExecutionException e) {
        throw new IllegalStateException(e.getCause());
      }
    }
    return null;
  }
}
