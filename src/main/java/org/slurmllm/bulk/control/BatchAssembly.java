package org.slurmllm.bulk.control;

import static org.slurmllm.rest.JsonP.JSON;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;
import org.slurmllm.bulk.entity.Batch;
import org.slurmllm.bulk.entity.BatchChunk;
import org.slurmllm.bulk.entity.BatchStatus;
import org.slurmllm.cluster.boundary.SharedDirectory;
import org.slurmllm.responses.boundary.ResponsesInBulk;

/**
 * Writes a batch's output and error files from its chunks, in input order: every request line
 * appears exactly once, answered in the output file, failed (refused, failed by the engine, its
 * chunk given up, or not run because the batch was cancelled) in the error file, each error with
 * the number of its input line. Streams through the chunk files, merging them by input line (a
 * model's chunks interleave with another's); nothing is held in memory but one line of each chunk.
 */
@ApplicationScoped
public class BatchAssembly {

  @Inject SharedDirectory shared;
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
    shared.directory(work.dir(), true);
    boolean responses = InputLine.RESPONSES.equals(records.batch(batchId).endpoint);
    int completed = 0;
    int failed = 0;
    try (BufferedReader invalid = reader(work, work.invalid());
        BufferedWriter out = shared.newWriter(work.outputFile());
        BufferedWriter err = shared.newWriter(work.errorFile())) {
      Refused refused = new Refused(invalid);
      // a model's lines are grouped into its chunks, so chunks interleave in the input: the
      // chunks' next lines are merged by input line number, one line of each chunk in memory
      PriorityQueue<Cursor> next = new PriorityQueue<>(Comparator.comparingInt(Cursor::line));
      List<Cursor> all = new ArrayList<>();
      try {
        for (BatchChunk chunk : records.chunks(batchId)) {
          Cursor c = new Cursor(work, chunk);
          all.add(c);
          if (c.advance()) {
            next.add(c);
          }
        }
        Cursor c;
        while ((c = next.poll()) != null) {
          failed += refused.writeBefore(c.line(), err);
          if (c.answer != null && OutputLines.succeeded(c.answer)) {
            write(out, responses ? ResponsesInBulk.responseLine(c.request, c.answer) : c.answer);
            completed++;
          } else {
            String error = c.answer != null ? c.answer : unanswered(c.request, c.chunk, outcome);
            write(err, ErrorLines.numbered(error, c.line()));
            failed++;
          }
          if (c.advance()) {
            next.add(c);
          }
        }
      } finally {
        for (Cursor c : all) {
          c.close();
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

  /** Small buffers: assembly keeps three readers open per chunk. */
  private static BufferedReader reader(BatchFiles work, Path p) throws IOException {
    return Files.exists(p)
        ? new BufferedReader(
            new InputStreamReader(Files.newInputStream(p), StandardCharsets.UTF_8), 2048)
        : new BufferedReader(new StringReader(""));
  }

  /** One chunk's files read side by side: its next request's input line, request and answer. */
  private static final class Cursor implements AutoCloseable {
    private final BatchChunk chunk;
    private final BufferedReader numbers;
    private final BufferedReader requests;
    private final BufferedReader answers;
    private int line;
    private String request;
    private String answer;

    Cursor(BatchFiles work, BatchChunk chunk) throws IOException {
      this.chunk = chunk;
      boolean answered =
          chunk.state == BatchChunk.State.DONE && Files.exists(work.output(chunk.index));
      this.numbers = reader(work, work.lineNumbers(chunk.index));
      this.requests = reader(work, work.input(chunk.index));
      this.answers = answered ? reader(work, work.output(chunk.index)) : null;
    }

    /** Moves to the chunk's next request; false after its last. */
    boolean advance() throws IOException {
      String number = numbers.readLine();
      if (number == null) {
        return false;
      }
      line = Integer.parseInt(number.trim());
      request = requests.readLine();
      answer = answers == null ? null : answers.readLine();
      return true;
    }

    int line() {
      return line;
    }

    @Override
    public void close() throws IOException {
      try (numbers;
          requests;
          answers) {
        // all three closed
      }
    }
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
        write(err, ErrorLines.numbered(nextLine, nextNumber));
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
