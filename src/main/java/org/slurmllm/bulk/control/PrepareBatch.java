package org.slurmllm.bulk.control;

import jakarta.batch.api.AbstractBatchlet;
import jakarta.batch.api.BatchProperty;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.slurmllm.bulk.entity.Batch;
import org.slurmllm.bulk.entity.BatchStatus;
import org.slurmllm.catalog.boundary.ModelCatalog;
import org.slurmllm.cluster.boundary.SharedDirectory;
import org.slurmllm.rest.JsonP;
import org.slurmllm.tribunal.boundary.Tribunals;

/**
 * Step 1: reads the input file once, line by line (memory flat whatever its size), checks every
 * line, and splits the good ones into chunk files of at most the chunk size, one model per chunk,
 * grouped by model whatever their order: each line goes to its model's open chunk, so a file
 * alternating two models makes two chunks (two SLURM jobs), not one per line. A bad line goes to
 * the error list with its reason; the batch fails as a whole only when the file is empty, has no
 * JSON line at all, has more lines than allowed, or would make more chunks than allowed. Run again
 * after a crash while validating, it starts over; once the chunks exist, it does nothing.
 */
@Dependent
@Named("prepareBatch")
public class PrepareBatch extends AbstractBatchlet {

  public static final String FAILED = "BATCH_FAILED";

  @Inject SharedDirectory shared;
  @Inject @BatchProperty String batchId;
  @Inject BatchRecords records;
  @Inject ChunkTransitions transitions;
  @Inject BulkSettings settings;
  @Inject FileStore files;
  @Inject ModelCatalog catalog;
  @Inject Tribunals tribunals;

  private volatile boolean stopping;

  @Override
  public String process() throws IOException {
    Batch batch = records.batch(batchId);
    if (batch.status != BatchStatus.validating) {
      return "PREPARED"; // done before a restart
    }
    BatchFiles work = new BatchFiles(settings.batchDir(batchId));
    clean(work.dir());
    Path input = files.pathOf(batch.inputFileId);
    ChunkSplitter split =
        new ChunkSplitter(
            batchId,
            work,
            batch.endpoint,
            batch.tenantId,
            shared,
            catalog,
            settings,
            tribunals.limits());
    Refusal refusal = null;
    try (BoundedLines in = new BoundedLines(Files.newInputStream(input), settings.maxLineBytes())) {
      BoundedLines.Line line;
      int number = 0;
      while (refusal == null && (line = in.next()) != null && !stopping) {
        number++;
        if (!line.tooLong() && line.text().isBlank()) {
          continue;
        }
        if (split.lines() >= settings.maxLines()) {
          refusal =
              new Refusal(
                  "too_many_lines", "The file has more than " + settings.maxLines() + " lines.");
        } else if (line.tooLong()) {
          split.tooLong(number, settings.maxLineBytes(), line.head());
        } else if (!split.add(number, line.text())) {
          refusal =
              new Refusal(
                  "too_many_chunks",
                  "The file's requests would make more than "
                      + settings.maxChunks()
                      + " chunks (SLURMLLM_BATCH_MAX_CHUNKS; a chunk holds one model's requests,"
                      + " at most "
                      + settings.chunkSize()
                      + "): use fewer models or fewer lines.");
        }
      }
    } finally {
      split.close();
    }
    if (refusal != null) {
      return fail(refusal.code(), refusal.message());
    }
    if (stopping) {
      return "STOPPED";
    }
    if (split.lines() == 0) {
      return fail("empty_file", "The input file has no lines.");
    }
    if (split.jsonLines() == 0) {
      return fail("invalid_file", "The input file is not JSONL: no line is a JSON object.");
    }
    transitions.created(batchId, split.chunks());
    records.update(
        batchId,
        b -> {
          b.total = split.lines();
          b.failed = split.invalidLines();
        });
    records.advance(batchId, BatchStatus.in_progress);
    return "PREPARED";
  }

  private String fail(String code, String message) throws IOException {
    removeWork(); // a failed batch runs nothing: its chunk files are of no use
    records.update(
        batchId,
        b -> {
          b.errors =
              JsonP.JSON
                  .createArrayBuilder()
                  .add(JsonP.JSON.createObjectBuilder().add("code", code).add("message", message))
                  .build()
                  .toString();
        });
    records.advance(batchId, BatchStatus.failed);
    return FAILED;
  }

  private record Refusal(String code, String message) {}

  @Override
  public void stop() {
    stopping = true;
  }

  private void removeWork() throws IOException {
    Path dir = settings.batchDir(batchId);
    if (Files.isDirectory(dir)) {
      try (var entries = Files.list(dir)) {
        for (Path p : entries.toList()) {
          FileStore.deleteQuietly(p);
        }
      }
    }
  }

  private void clean(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      try (var entries = Files.list(dir)) {
        for (Path p : entries.toList()) {
          Files.delete(p);
        }
      }
    }
    shared.directory(dir, true);
  }

  static String requestId() {
    return "batch_req_" + UUID.randomUUID().toString().replace("-", "");
  }
}
