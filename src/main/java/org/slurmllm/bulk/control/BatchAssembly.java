package org.slurmllm.bulk.control;

import static org.slurmllm.rest.JsonP.JSON;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.ConcurrentHashMap;
import org.slurmllm.bulk.entity.Batch;
import org.slurmllm.bulk.entity.BatchChunk;
import org.slurmllm.bulk.entity.BatchStatus;

/**
 * Writes a batch's output and error files from its chunks, in input order: every request line
 * appears exactly once, answered in the output file, failed (refused, failed by the engine, its
 * chunk given up, or not run because the batch was cancelled) in the error file. Streams through
 * the chunk files; nothing is held in memory but one line of each.
 */
@ApplicationScoped
public class BatchAssembly {

  @Inject BatchRecords records;
  @Inject BulkSettings settings;

  /** How a batch whose jobs were stopped ends: expired if its window passed, else cancelled. */
  public static BatchStatus endOfStop(Batch b) {
    return b.expiredAt != null ? BatchStatus.expired : BatchStatus.cancelled;
  }

  private final ConcurrentHashMap<String, Object> assembling = new ConcurrentHashMap<>();

  /**
   * One assembly of a batch at a time (a repeated cancel, the job's end and expiry may all ask); a
   * batch already finished is left as it is.
   */
  public void assemble(String batchId, BatchStatus outcome) throws IOException {
    Object lock = assembling.computeIfAbsent(batchId, id -> new Object());
    try {
      synchronized (lock) {
        if (records.batch(batchId).status.terminal()) {
          return;
        }
        if (records.chunks(batchId).isEmpty() && records.batch(batchId).total == 0) {
          // stopped while validating: nothing was split, nothing ran, no files to give
          records.finish(batchId, outcome, null, null, 0, 0);
          return;
        }
        write(batchId, outcome);
      }
    } finally {
      assembling.remove(batchId);
    }
  }

  private void write(String batchId, BatchStatus outcome) throws IOException {
    BatchFiles work = new BatchFiles(settings.batchDir(batchId));
    Files.createDirectories(work.dir());
    int completed = 0;
    int failed = 0;
    try (BufferedReader invalid = reader(work, work.invalid());
        BufferedWriter out = Files.newBufferedWriter(work.outputFile(), StandardCharsets.UTF_8);
        BufferedWriter err = Files.newBufferedWriter(work.errorFile(), StandardCharsets.UTF_8)) {
      Refused refused = new Refused(invalid);
      for (BatchChunk chunk : records.chunks(batchId)) {
        boolean answered =
            chunk.state == BatchChunk.State.DONE && Files.exists(work.output(chunk.index));
        try (BufferedReader numbers = reader(work, work.lineNumbers(chunk.index));
            BufferedReader requests = reader(work, work.input(chunk.index));
            BufferedReader answers = answered ? reader(work, work.output(chunk.index)) : null) {
          String number;
          while ((number = numbers.readLine()) != null) {
            failed += refused.writeBefore(Integer.parseInt(number.trim()), err);
            String request = requests.readLine();
            String answer = answers == null ? null : answers.readLine();
            if (answer != null && OutputLines.succeeded(answer)) {
              write(out, answer);
              completed++;
            } else {
              write(err, answer != null ? answer : unanswered(request, chunk, outcome));
              failed++;
            }
          }
        }
      }
      failed += refused.writeBefore(Integer.MAX_VALUE, err);
    }
    records.finish(batchId, outcome, work.outputFile(), work.errorFile(), completed, failed);
    removeQuietly(work.dir()); // chunk inputs and outputs: what the batch gave is in its files
  }

  private static void removeQuietly(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(FileStore::deleteQuietly);
    } catch (IOException e) {
      // a leftover directory costs disk, not correctness
    }
  }

  private static String unanswered(String request, BatchChunk chunk, BatchStatus outcome) {
    boolean stopped =
        (outcome == BatchStatus.cancelled || outcome == BatchStatus.expired)
            && chunk.state != BatchChunk.State.FAILED;
    String code =
        !stopped
            ? "chunk_failed"
            : outcome == BatchStatus.expired ? "batch_expired" : "batch_cancelled";
    String message =
        !stopped
            ? chunk.message == null ? "The request was not answered." : chunk.message
            : outcome == BatchStatus.expired
                ? "The batch's completion window ended before this request ran."
                : "The batch was cancelled before this request ran.";
    return new InputLine(customId(request), null, code, message)
        .errorLine(PrepareBatch.requestId());
  }

  private static String customId(String request) {
    try (var reader = JSON.createReader(new StringReader(request))) {
      JsonObject json = reader.readObject();
      return json.get("custom_id") instanceof JsonString s ? s.getString() : null;
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static void write(BufferedWriter w, String line) throws IOException {
    w.write(line);
    w.newLine();
  }

  private static BufferedReader reader(BatchFiles work, Path p) throws IOException {
    return Files.exists(p)
        ? Files.newBufferedReader(p, StandardCharsets.UTF_8)
        : new BufferedReader(new StringReader(""));
  }

  /** The refused lines ("number error-line"), handed out in input order. */
  private static final class Refused {
    private final BufferedReader in;
    private int nextNumber = -1;
    private String nextLine;

    Refused(BufferedReader in) throws IOException {
      this.in = in;
      advance();
    }

    /** Writes the refused lines that came before input line {@code number}; answers how many. */
    int writeBefore(int number, BufferedWriter err) throws IOException {
      int n = 0;
      while (nextLine != null && nextNumber < number) {
        write(err, nextLine);
        n++;
        advance();
      }
      return n;
    }

    private void advance() throws IOException {
      String line = in.readLine();
      if (line == null) {
        nextLine = null;
        return;
      }
      int space = line.indexOf(' ');
      nextNumber = Integer.parseInt(line.substring(0, space));
      nextLine = line.substring(space + 1);
    }
  }
}
