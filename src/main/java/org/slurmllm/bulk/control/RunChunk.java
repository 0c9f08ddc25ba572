package org.slurmllm.bulk.control;

import jakarta.batch.api.AbstractBatchlet;
import jakarta.batch.api.BatchProperty;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.util.logging.Logger;
import org.slurmllm.access.boundary.KeyAllowances;
import org.slurmllm.bulk.entity.Batch;
import org.slurmllm.bulk.entity.BatchChunk;
import org.slurmllm.bulk.entity.BatchStatus;
import org.slurmllm.catalog.boundary.ModelCatalog;
import org.slurmllm.cluster.boundary.Cluster;
import org.slurmllm.cluster.entity.JobState;
import org.slurmllm.cluster.entity.JobStatus;

/**
 * Step 2, one partition: runs one chunk as a SLURM job and waits for it (on the watcher, not by
 * polling). A job that fails, is cancelled from outside or runs out of time is submitted again, up
 * to the attempt limit; then the chunk is FAILED and its requests go to the error file. A chunk
 * whose job was already submitted before a restart is watched, not submitted twice; a server
 * shutting down leaves its jobs running for the next start to adopt, and only a cancel of the batch
 * cancels them. A chunk whose model serves already goes to its replicas at the flex tier first
 * ({@link ReplicaChunk}), and to a job only if they fail it. This class decides the course;
 * submitting is {@link ChunkSubmission}, waiting {@link ChunkJobWait}, ending {@link ChunkEnding},
 * a chunk of tribunals {@link TribunalChunk}.
 */
@Dependent
@Named("runChunk")
public class RunChunk extends AbstractBatchlet {

  private static final Logger LOG = Logger.getLogger(RunChunk.class.getName());

  @Inject @BatchProperty String batchId;
  @Inject @BatchProperty String chunkIndex;
  @Inject BatchRecords records;
  @Inject ChunkTransitions transitions;
  @Inject KeyAllowances keys;
  @Inject BulkSettings settings;
  @Inject ChunkSubmission submission;
  @Inject ChunkJobWait jobWait;
  @Inject ChunkEnding ending;
  @Inject Cluster scheduler;
  @Inject TribunalChunk tribunals;
  @Inject ReplicaChunk replicas;

  @Inject ModelCatalog catalog;

  private volatile boolean stopping;
  private KeyAllowances.Reservation hold;
  private volatile String runningJob;

  @Override
  public String process() throws Exception {
    try {
      return run();
    } catch (FencedOut e) {
      LOG.warning(e.getMessage());
      return "STOPPED"; // another gateway runs this batch now: nothing of it is written here
    } finally {
      if (hold != null) {
        hold.release(); // after the chunk's lines were charged (ChunkEnding), or it ran none
      }
    }
  }

  /**
   * Holds the chunk's worst case against its key's budget before its job is first submitted here,
   * so that chunks and requests of one key cannot together spend more than its budget. Null when
   * held (or nothing to hold against); else why the chunk cannot run, or "" to wait and ask again
   * (the budget is held by the key's other work in flight).
   */
  private String holdBudget(BatchChunk chunk, BatchFiles work, int index) throws Exception {
    if (hold != null) {
      return null;
    }
    Batch batch = records.batch(batchId);
    int context = catalog.find(chunk.modelName).map(m -> m.contextLength).orElse(Integer.MAX_VALUE);
    long worst;
    try (BufferedReader lines = Files.newBufferedReader(work.input(index))) {
      worst = ChunkWorstCase.of(lines, batch.endpoint.equals("/v1/embeddings"), context);
    }
    KeyAllowances.Reservation held = keys.reserveWork(batch.keyId, worst);
    if (held.granted()) {
      hold = held;
      return null;
    }
    return held.overBudget() ? "not run: " + held.message() : "";
  }

  private String run() throws Exception {
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
    if (chunk.jobId == null
        && chunk.attempts == 0
        && !Files.exists(work.output(index))
        && replicas.suits(chunk)
        && keys.stopReason(records.batch(batchId).keyId) == null
        && holdBudget(chunk, work, index) == null // held as for a job (else the job path says why)
        && replicas.run(chunk, work, () -> stopping)) {
      return finished(records.chunk(batchId, index), work); // answered by the serving replicas
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
        String unheld = holdBudget(chunk, work, index);
        if (unheld != null && !unheld.isEmpty()) {
          return failed(chunk, unheld); // its requests go to the error file, saying why
        }
        if (unheld != null) {
          Thread.sleep(2_000); // the key's other work holds its budget: until some of it ends
          continue;
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
      if (end.state() == JobState.COMPLETED
          && (Files.exists(work.output(index)) || ChunkOutputs.adopt(work, index, end.jobId()))) {
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
      // a preempted job yielded to other work: submitted again without spending an attempt
      chunk =
          end.state() == JobState.PREEMPTED
              ? transitions.preempted(batchId, index, why + "; submitted again, no attempt spent")
              : transitions.jobEnded(batchId, index, why);
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
    transitions.cancelled(batchId, index);
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
