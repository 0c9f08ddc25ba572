package org.slurmllm.bulk.control;

import jakarta.batch.api.AbstractBatchlet;
import jakarta.batch.api.BatchProperty;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slurmllm.bulk.entity.Batch;
import org.slurmllm.bulk.entity.BatchChunk;
import org.slurmllm.bulk.entity.BatchStatus;
import org.slurmllm.catalog.boundary.ModelCatalog;
import org.slurmllm.catalog.entity.Model;
import org.slurmllm.rest.JsonP;

/**
 * Step 1: reads the input file once, line by line (memory flat whatever its size), checks every
 * line, and splits the good ones into chunk files of at most the chunk size, one model per chunk. A
 * bad line goes to the error list with its reason; the batch fails as a whole only when the file is
 * empty, has no JSON line at all, or has more lines than allowed. Run again after a crash while
 * validating, it starts over; once the chunks exist, it does nothing.
 */
@Dependent
@Named("prepareBatch")
public class PrepareBatch extends AbstractBatchlet {

  public static final String FAILED = "BATCH_FAILED";

  @Inject @BatchProperty String batchId;
  @Inject BatchRecords records;
  @Inject BulkSettings settings;
  @Inject FileStore files;
  @Inject ModelCatalog catalog;

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
    Splitter split = new Splitter(work, batch.endpoint, batch.tenantId);
    try (BoundedLines in = new BoundedLines(Files.newInputStream(input), settings.maxLineBytes())) {
      BoundedLines.Line line;
      int number = 0;
      while ((line = in.next()) != null && !stopping) {
        number++;
        if (!line.tooLong() && line.text().isBlank()) {
          continue;
        }
        if (split.lines() >= settings.maxLines()) {
          return fail(
              "too_many_lines", "The file has more than " + settings.maxLines() + " lines.");
        }
        if (line.tooLong()) {
          split.tooLong(number, settings.maxLineBytes());
        } else {
          split.add(number, line.text());
        }
      }
    } finally {
      split.close();
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
    records.replaceChunks(batchId, split.chunks());
    records.update(
        batchId,
        b -> {
          b.total = split.lines();
          b.failed = split.invalidLines();
        });
    records.advance(batchId, BatchStatus.in_progress);
    return "PREPARED";
  }

  private String fail(String code, String message) {
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

  @Override
  public void stop() {
    stopping = true;
  }

  private static void clean(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      try (var entries = Files.list(dir)) {
        for (Path p : entries.toList()) {
          Files.delete(p);
        }
      }
    }
    Files.createDirectories(dir);
  }

  /** Writes chunk files as lines come; keeps only the chunks' facts in memory. */
  private final class Splitter implements AutoCloseable {
    private final BatchFiles work;
    private final String endpoint;
    private final SeenIds seen = new SeenIds();
    private final Map<String, Boolean> models = new HashMap<>();
    private final Map<String, Boolean> embedding = new HashMap<>();
    private final List<BatchChunk> chunks = new ArrayList<>();
    private final BufferedWriter invalid;
    private BufferedWriter chunkInput;
    private BufferedWriter chunkLines;
    private BatchChunk current;
    private int lines;
    private int jsonLines;
    private int invalidLines;

    private final Long tenantId;

    Splitter(BatchFiles work, String endpoint, Long tenantId) throws IOException {
      this.work = work;
      this.endpoint = endpoint;
      this.tenantId = tenantId;
      this.invalid = Files.newBufferedWriter(work.invalid(), StandardCharsets.UTF_8);
    }

    /** Whether the (existing) model embeds rather than generates; looked up once a batch. */
    private boolean embeds(String model) {
      return embedding.computeIfAbsent(
          model, m -> catalog.find(m).map(x -> Model.EMBED.equals(x.task)).orElse(false));
    }

    /** A line over the bound: an error line of its own, like any bad line. */
    void tooLong(int number, int maxBytes) throws IOException {
      lines++;
      invalidLines++;
      InputLine refused =
          InputLine.invalid(
              null, "line_too_long", "The line is longer than " + maxBytes + " bytes.");
      invalid.write(number + " " + refused.errorLine(requestId()));
      invalid.newLine();
    }

    void add(int number, String line) throws IOException {
      lines++;
      InputLine checked =
          InputLine.check(
              line,
              endpoint,
              m ->
                  models.computeIfAbsent(m, n -> catalog.usableInWorkOf(n, tenantId))
                      // a tribunal's models answer and judge: they must generate
                      && (!endpoint.equals(InputLine.TRIBUNALS) || !embeds(m)));
      if (checked.valid()
          && !endpoint.equals(InputLine.TRIBUNALS)
          && embeds(checked.model()) != endpoint.equals("/v1/embeddings")) {
        checked =
            InputLine.invalid(
                checked.customId(),
                "model_not_supported",
                embeds(checked.model())
                    ? "The model '" + checked.model() + "' embeds text; it does not generate."
                    : "The model '" + checked.model() + "' generates text; it does not embed.");
      }
      if (!"invalid_json".equals(checked.errorCode())) {
        jsonLines++;
      }
      if (checked.valid() && !seen.add(checked.customId())) {
        checked =
            InputLine.invalid(
                checked.customId(),
                "duplicate_custom_id",
                "The custom_id '" + checked.customId() + "' is used by an earlier line.");
      }
      if (!checked.valid()) {
        invalidLines++;
        invalid.write(number + " " + checked.errorLine(requestId()));
        invalid.newLine();
        return;
      }
      if (current == null
          || current.requests >= settings.chunkSize()
          || !current.modelName.equals(checked.model())) {
        startChunk(checked.model(), number);
      }
      chunkInput.write(line);
      chunkInput.newLine();
      chunkLines.write(Integer.toString(number));
      chunkLines.newLine();
      current.requests++;
      current.lastLine = number;
    }

    private void startChunk(String model, int firstLine) throws IOException {
      closeChunk();
      current = new BatchChunk();
      current.batchId = batchId;
      current.index = chunks.size();
      current.modelName = model;
      current.firstLine = firstLine;
      current.lastLine = firstLine;
      current.state = BatchChunk.State.PENDING;
      chunks.add(current);
      chunkInput = Files.newBufferedWriter(work.input(current.index), StandardCharsets.UTF_8);
      chunkLines = Files.newBufferedWriter(work.lineNumbers(current.index), StandardCharsets.UTF_8);
    }

    private void closeChunk() throws IOException {
      if (chunkInput != null) {
        chunkInput.close();
        chunkLines.close();
      }
    }

    int lines() {
      return lines;
    }

    int jsonLines() {
      return jsonLines;
    }

    int invalidLines() {
      return invalidLines;
    }

    List<BatchChunk> chunks() {
      return chunks;
    }

    @Override
    public void close() throws IOException {
      closeChunk();
      invalid.close();
    }
  }

  static String requestId() {
    return "batch_req_" + UUID.randomUUID().toString().replace("-", "");
  }
}
