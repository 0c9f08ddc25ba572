package org.slurmllm.bulk.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slurmllm.bulk.entity.Batch;
import org.slurmllm.bulk.entity.BatchChunk;
import org.slurmllm.history.boundary.UsageLedger;
import org.slurmllm.history.entity.UsageRecord;

/**
 * How a chunk ends for good: DONE with its output counted (and its requests charged), or FAILED
 * with all its requests. A chunk ends only once, so whoever ends it charges and counts it; a second
 * attempt to end it (a restarted partition) changes nothing.
 */
@ApplicationScoped
public class ChunkEnding {

  @Inject BatchRecords records;
  @Inject ChunkTransitions transitions;
  @Inject UsageLedger ledger;
  @Inject BulkMeters meters;

  /** Ends the chunk DONE: its answered and failed requests counted from its output file. */
  void done(BatchChunk chunk, BatchFiles work) throws IOException {
    int ok = 0;
    int lines = 0;
    Batch batch = records.batch(chunk.batchId);
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
          ok += OutputLines.succeeded(line) ? 1 : 0;
          if (charge) {
            usage.add(OutputLines.usage(batch, chunk, line, now));
          }
        }
      }
    }
    int failed = Math.max(lines, chunk.requests) - ok;
    if (transitions.ended(chunk.batchId, chunk.index, BatchChunk.State.DONE, ok, failed, null)) {
      usage.forEach(ledger::record); // once: a chunk ends DONE only once
      meters.ended(ok, failed);
    }
  }

  /** Ends the chunk FAILED after its attempts: every request failed, with the last reason. */
  void failed(BatchChunk chunk, String message) {
    String why = message == null ? "its job could not be submitted" : message;
    if (transitions.ended(
        chunk.batchId,
        chunk.index,
        BatchChunk.State.FAILED,
        0,
        chunk.requests,
        "gave up after " + chunk.attempts + " attempts; last: " + why)) {
      meters.ended(0, chunk.requests);
    }
  }
}
