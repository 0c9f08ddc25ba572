package org.slurmllm.bulk.control;

import jakarta.batch.api.AbstractBatchlet;
import jakarta.batch.api.BatchProperty;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.logging.Logger;
import org.slurmllm.access.boundary.KeyAllowances;
import org.slurmllm.bulk.entity.BatchChunk;
import org.slurmllm.bulk.entity.BatchStatus;
import org.slurmllm.cluster.boundary.Cluster;
import org.slurmllm.cluster.entity.JobState;
import org.slurmllm.cluster.entity.JobStatus;

/**
 * Step 2, one partition: runs one chunk as a SLURM job and waits for it (on the watcher, not by
 * polling). A job that fails, is cancelled from outside or runs out of time is submitted again, up
 * to the attempt limit; then the chunk is FAILED and its requests go to the error file. A chunk
 * whose job was already submitted before a restart is watched, not submitted twice; a server
 * shutting down leaves its jobs running for the next start to adopt, and only a cancel of the batch
 * cancels them. This class decides the course; submitting is {@link ChunkSubmission}, waiting
 * {@link ChunkJobWait}, ending {@link ChunkEnding}, and a chunk of tribunals {@link TribunalChunk}.
 */
@Dependent
@Named("runChunk")
public class RunChunk extends AbstractBatchlet {

  private static final Logger LOG = Logger.getLogger(RunChunk.class.getName());

  @Inject @BatchProperty String batchId;
  @Inject @BatchProperty String chunkIndex;
  @Inject BatchRecords records;
  @Inject KeyAllowances keys;
  @Inject BulkSettings settings;
  @Inject ChunkSubmission submission;
  @Inject ChunkJobWait jobWait;
  @Inject ChunkEnding ending;
  @Inject Cluster scheduler;
  @Inject TribunalChunk tribunals;

  private volatile boolean stopping;
  private volatile String runningJob;

  @Override
  public String process() throws Exception {
    int index = Integer.parseInt(chunkIndex);
    if (index < 0) {
      return "NOTHING";
    }
    BatchFiles work = new BatchFiles(settings.batchDir(batchId));
    BatchChunk chunk = records.chunk(batchId, index);
    if (chunk.modelName.equals(InputLine.TRIBUNAL_CHUNK)) {
      if (!Files.exists(work.output(index))) {
        tribunals.run(chunk, work, () -> stopping);
      }
      if (Files.exists(work.output(index))) {
        return finished(records.chunk(batchId, index), work);
      }
      return "STOPPED"; // stopped before its tribunals all ran: run again, or cancelled
    }
    String message = null;
    while (!stopping) {
      if (Files.exists(work.output(index))) {
        return finished(chunk, work); // answered before a restart
      }
      if (chunk.jobId == null || chunk.state == BatchChunk.State.PENDING) {
        BatchStatus now = records.batch(batchId).status;
        if (now == BatchStatus.cancelling || now.terminal()) {
          break; // a partition that starts after a cancel (or the batch's end) submits nothing
        }
        if (chunk.attempts >= settings.chunkAttempts()) {
          return failed(chunk, message);
        }
        String refusal = keys.stopReason(records.batch(batchId).keyId);
        if (refusal != null) {
          return failed(chunk, "not run: " + refusal); // its requests go to the error file
        }
        chunk = submission.submit(chunk, work, () -> stopping);
        if (chunk.jobId == null) {
          message = chunk.message; // not submitted: the reason, then the attempt check again
          continue;
        }
      }
      JobStatus end = await(chunk.jobId, index);
      if (end == null) {
        break; // stopping
      }
      if (end.state() == JobState.COMPLETED && Files.exists(work.output(index))) {
        return finished(records.chunk(batchId, index), work);
      }
      message =
          "job "
              + end.jobId()
              + " ended "
              + end.state()
              + (end.reason() == null ? "" : " (" + end.reason() + ")");
      LOG.warning(() -> "batch " + batchId + " chunk " + index + ": " + end.jobId() + " ended");
      String why = message;
      chunk =
          records.updateChunk(
              batchId,
              index,
              c -> {
                c.state = BatchChunk.State.PENDING;
                c.jobId = null;
                c.message = why;
                c.endedAt = Instant.now();
              });
    }
    if (Files.exists(work.output(index))) {
      return finished(records.chunk(batchId, index), work); // answered before the stop: kept
    }
    BatchStatus status = records.batch(batchId).status;
    if (status != BatchStatus.cancelling && !status.terminal()) {
      // the server is shutting down: the job runs on, and the next execution adopts it
      return "STOPPED";
    }
    if (runningJob != null) {
      scheduler.cancel(runningJob);
    }
    records.updateChunk(
        batchId,
        index,
        c -> {
          c.state = BatchChunk.State.CANCELLED;
          c.endedAt = Instant.now();
        });
    return "STOPPED";
  }

  /**
   * Waits for the job's end; null when stopping. The job is remembered as running, for a cancel of
   * the batch to cancel it.
   */
  private JobStatus await(String jobId, int index) throws InterruptedException {
    if (jobId == null) {
      return new JobStatus(null, JobState.FAILED, null, null, null, null, null);
    }
    runningJob = jobId;
    return jobWait.untilEnd(batchId, index, jobId, () -> stopping);
  }

  private String finished(BatchChunk chunk, BatchFiles work) throws IOException {
    ending.done(chunk, work);
    return "DONE";
  }

  private String failed(BatchChunk chunk, String message) {
    ending.failed(chunk, message);
    return "FAILED";
  }

  @Override
  public void stop() {
    stopping = true;
  }
}
