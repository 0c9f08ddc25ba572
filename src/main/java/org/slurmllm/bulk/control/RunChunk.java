package org.slurmllm.bulk.control;

import jakarta.batch.api.AbstractBatchlet;
import jakarta.batch.api.BatchProperty;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;
import org.slurmllm.access.boundary.KeyAllowances;
import org.slurmllm.bulk.entity.Batch;
import org.slurmllm.bulk.entity.BatchChunk;
import org.slurmllm.bulk.entity.BatchStatus;
import org.slurmllm.catalog.boundary.ModelCatalog;
import org.slurmllm.catalog.entity.Model;
import org.slurmllm.cluster.boundary.Cluster;
import org.slurmllm.cluster.entity.JobState;
import org.slurmllm.cluster.entity.JobStatus;
import org.slurmllm.cluster.entity.NamedJob;
import org.slurmllm.cluster.entity.SchedulerUnavailableException;
import org.slurmllm.cluster.entity.SubmitRejectedException;
import org.slurmllm.history.boundary.UsageLedger;
import org.slurmllm.history.entity.TokenCounts;
import org.slurmllm.history.entity.UsageRecord;
import org.slurmllm.rest.JsonP;

/**
 * Step 2, one partition: runs one chunk as a SLURM job and waits for it (on the watcher, not by
 * polling). A job that fails, is cancelled from outside or runs out of time is submitted again, up
 * to the attempt limit; then the chunk is FAILED and its requests go to the error file. A chunk
 * whose job was already submitted before a restart is watched, not submitted twice; a server
 * shutting down leaves its jobs running for the next start to adopt, and only a cancel of the batch
 * cancels them.
 */
@Dependent
@Named("runChunk")
public class RunChunk extends AbstractBatchlet {

  private static final Logger LOG = Logger.getLogger(RunChunk.class.getName());

  @Inject @BatchProperty String batchId;
  @Inject @BatchProperty String chunkIndex;
  @Inject BatchRecords records;
  @Inject UsageLedger ledger;
  @Inject KeyAllowances keys;
  @Inject BulkSettings settings;
  @Inject ChunkJobs jobs;
  @Inject ChunkWatcher watcher;
  @Inject Cluster scheduler;
  @Inject ModelCatalog catalog;
  @Inject TribunalChunk tribunals;
  @Inject BulkMeters meters;

  static final Duration SUBMIT_RETRY_PAUSE = Duration.ofSeconds(5);

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
        chunk = submit(chunk, work);
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

  private BatchChunk submit(BatchChunk chunk, BatchFiles work) {
    Model model = catalog.find(chunk.modelName).orElse(null);
    if (model == null) {
      return records.updateChunk(
          batchId,
          chunk.index,
          c -> {
            c.attempts = settings.chunkAttempts();
            c.message = "the model " + chunk.modelName + " was deleted";
          });
    }
    String jobId;
    try {
      String adopted = adoptable(chunk.index);
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
      BatchChunk failed =
          records.updateChunk(
              batchId,
              chunk.index,
              c -> {
                c.attempts++;
                c.state = BatchChunk.State.PENDING;
                c.jobId = null;
                c.message = why;
              });
      pause(SUBMIT_RETRY_PAUSE.multipliedBy(failed.attempts));
      return failed;
    }
    return records.updateChunk(
        batchId,
        chunk.index,
        c -> {
          c.jobId = jobId;
          c.state = BatchChunk.State.SUBMITTED;
          c.attempts++;
          c.submittedAt = Instant.now();
          c.startedAt = null;
          c.node = null;
        });
  }

  /**
   * A job of this chunk the scheduler already holds though no record points at it: submitted just
   * before a crash or a restart, before its id was written. Adopted rather than submitted again;
   * any further one is cancelled.
   */
  private String adoptable(int index) {
    List<NamedJob> running = scheduler.activeJobsNamed(jobs.namePrefix(batchId, index));
    if (running.isEmpty()) {
      return null;
    }
    running.stream().skip(1).forEach(j -> scheduler.cancel(j.status().jobId()));
    String adopted = running.get(0).status().jobId();
    LOG.info(() -> "batch " + batchId + " chunk " + index + ": adopted job " + adopted);
    return adopted;
  }

  /** Waits for the job's end, noting when it starts running; null when stopping. */
  private JobStatus await(String jobId, int index) throws InterruptedException {
    if (jobId == null) {
      return new JobStatus(null, JobState.FAILED, null, null, null, null, null);
    }
    runningJob = jobId;
    CompletableFuture<JobStatus> end = watcher.ended(jobId);
    boolean noted = false;
    while (!stopping) {
      try {
        return end.get(1, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        JobStatus now = watcher.latest(jobId);
        if (!noted && now != null && now.state().isActive()) {
          noted = true;
          records.updateChunk(
              batchId,
              index,
              c -> {
                c.state = BatchChunk.State.RUNNING;
                c.node = now.node();
                c.startedAt = now.startTime() != null ? now.startTime() : Instant.now();
              });
        }
      } catch (ExecutionException e) {
        throw new IllegalStateException(e.getCause());
      }
    }
    return null;
  }

  private String finished(BatchChunk chunk, BatchFiles work) throws IOException {
    int ok = 0;
    int lines = 0;
    Batch batch = records.batch(batchId);
    // tribunals in bulk charge their steps as they run; chunk jobs' requests are charged here
    boolean charge = !InputLine.TRIBUNALS.equals(batch.endpoint);
    List<UsageRecord> usage = new ArrayList<>();
    Instant now = Instant.now();
    try (BufferedReader in =
        Files.newBufferedReader(work.output(chunk.index), StandardCharsets.UTF_8)) {
      String line;
      while ((line = in.readLine()) != null) {
        if (!line.isBlank()) {
          lines++;
          ok += succeeded(line) ? 1 : 0;
          if (charge) {
            usage.add(usage(batch, chunk, line, now));
          }
        }
      }
    }
    int failed = Math.max(lines, chunk.requests) - ok;
    if (records.chunkEnded(batchId, chunk.index, BatchChunk.State.DONE, ok, failed, null)) {
      usage.forEach(ledger::record); // once: a chunk ends DONE only once
      meters.ended(ok, failed);
    }
    return "DONE";
  }

  /** A batch output line's custom_id (the record's request id), null if it has none. */
  static String customId(String line) {
    try (JsonReader reader = Json.createReader(new StringReader(line))) {
      JsonValue id = reader.readObject().get("custom_id");
      return id instanceof JsonString s
          ? s.getString().substring(0, Math.min(64, s.getString().length()))
          : null;
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** The ledger's record of one answered batch request (an output line). */
  static UsageRecord usage(Batch batch, BatchChunk chunk, String line, Instant at) {
    TokenCounts tokens = TokenCounts.scan(line);
    int status = TokenCounts.field(line, "status_code");
    return new UsageRecord(
        at,
        batch.keyId,
        batch.tenantId,
        "batch",
        chunk.modelName,
        null,
        chunk.jobId,
        batch.id,
        tokens == null ? 0 : tokens.prompt(),
        tokens == null ? 0 : tokens.completion(),
        null,
        null,
        status < 0 ? 200 : status,
        null,
        null,
        null,
        null,
        customId(line));
  }

  private String failed(BatchChunk chunk, String message) {
    String why = message == null ? "its job could not be submitted" : message;
    if (records.chunkEnded(
        batchId,
        chunk.index,
        BatchChunk.State.FAILED,
        0,
        chunk.requests,
        "gave up after " + chunk.attempts + " attempts; last: " + why)) {
      meters.ended(0, chunk.requests);
    }
    return "FAILED";
  }

  /** Whether an output line answered its request (status 200). */
  static boolean succeeded(String line) {
    try (var reader = JsonP.JSON.createReader(new StringReader(line))) {
      var json = reader.readObject();
      return json.get("response") instanceof JsonObject r && r.getInt("status_code", 0) == 200;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private void pause(Duration d) {
    long end = System.nanoTime() + d.toNanos();
    while (!stopping && System.nanoTime() < end) {
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  @Override
  public void stop() {
    stopping = true;
  }
}
