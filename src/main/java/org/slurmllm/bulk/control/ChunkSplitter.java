package org.slurmllm.bulk.control;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.slurmllm.bulk.entity.BatchChunk;
import org.slurmllm.catalog.boundary.ModelCatalog;
import org.slurmllm.catalog.entity.Model;
import org.slurmllm.cluster.boundary.SharedDirectory;
import org.slurmllm.responses.boundary.ResponsesInBulk;
import org.slurmllm.tribunal.entity.TribunalLimits;

/**
 * {@link PrepareBatch}'s split: checks each line as it comes and writes a good one to its model's
 * open chunk (a new chunk of that model once the open one is full), a bad one to the refused lines.
 * So one model's lines stay together whatever their order. Keeps only the chunks' facts and one
 * open chunk per model in memory, at most {@code SLURMLLM_BATCH_MAX_CHUNKS} of them: a line that
 * would need one more chunk is refused with the whole file.
 */
final class ChunkSplitter implements AutoCloseable {
  /** Model names whose checks are remembered; further ones are looked up each time. */
  private static final int REMEMBERED_MODELS = 1000;

  private final BatchFiles work;
  private final String endpoint;
  private final SeenIds seen = new SeenIds();
  private final Map<String, Boolean> models = new HashMap<>();
  private final Map<String, Boolean> embedding = new HashMap<>();
  private final List<BatchChunk> chunks = new ArrayList<>();
  private final Map<String, OpenChunk> open = new HashMap<>();
  private final BufferedWriter invalid;
  private int lines;
  private int jsonLines;
  private int invalidLines;

  private final Long tenantId;
  private final String batchId;
  private final SharedDirectory shared;
  private final ModelCatalog catalog;
  private final BulkSettings settings;
  private final TribunalLimits tribunalLimits;

  ChunkSplitter(
      String batchId,
      BatchFiles work,
      String endpoint,
      Long tenantId,
      SharedDirectory shared,
      ModelCatalog catalog,
      BulkSettings settings,
      TribunalLimits tribunalLimits)
      throws IOException {
    this.batchId = batchId;
    this.work = work;
    this.endpoint = endpoint;
    this.tenantId = tenantId;
    this.shared = shared;
    this.catalog = catalog;
    this.settings = settings;
    this.tribunalLimits = tribunalLimits;
    this.invalid = shared.newWriter(work.invalid());
  }

  /** Whether the (existing) model embeds rather than generates; looked up once a batch. */
  private boolean embeds(String model) {
    return remembered(
        embedding, model, m -> catalog.find(m).map(x -> Model.EMBED.equals(x.task)).orElse(false));
  }

  /**
   * A model's check, remembered for the first models of the file only: a file naming thousands of
   * (unknown) models would otherwise fill the map with their names.
   */
  private boolean remembered(Map<String, Boolean> memo, String model, Predicate<String> check) {
    Boolean known = memo.get(model);
    if (known != null) {
      return known;
    }
    boolean answer = check.test(model);
    if (memo.size() < REMEMBERED_MODELS) {
      memo.put(model, answer);
    }
    return answer;
  }

  /** A line over the bound: an error line of its own, like any bad line. */
  void tooLong(int number, int maxBytes, String head) throws IOException {
    lines++;
    invalidLines++;
    InputLine refused =
        InputLine.invalid(
            InputLine.customIdOfBroken(head),
            "line_too_long",
            "The line is longer than " + maxBytes + " bytes.");
    invalid.write(number + " " + refused.errorLine(PrepareBatch.requestId()));
    invalid.newLine();
  }

  /** Checks and places the line; false when its model would need a chunk over the bound. */
  boolean add(int number, String line) throws IOException {
    lines++;
    InputLine checked =
        InputLine.check(
            line,
            endpoint,
            m ->
                remembered(models, m, n -> catalog.usableInWorkOf(n, tenantId))
                    // a tribunal's models answer and judge: they must generate
                    && (!endpoint.equals(InputLine.TRIBUNALS) || !embeds(m)),
            tribunalLimits);
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
      invalid.write(number + " " + checked.errorLine(PrepareBatch.requestId()));
      invalid.newLine();
      return true;
    }
    OpenChunk chunk = open.get(checked.model());
    if (chunk == null || chunk.record.requests >= settings.chunkSize()) {
      if (chunk != null) {
        open.remove(checked.model()).close();
      }
      if (chunks.size() >= settings.maxChunks()) {
        return false;
      }
      chunk = startChunk(checked.model(), number);
      open.put(checked.model(), chunk);
    }
    // a Responses line runs as its chat completion, its own body kept beside it for the output
    chunk.input.write(
        endpoint.equals(InputLine.RESPONSES) ? ResponsesInBulk.chatLine(json(line)) : line);
    chunk.input.newLine();
    chunk.numbers.write(Integer.toString(number));
    chunk.numbers.newLine();
    chunk.record.requests++;
    chunk.record.lastLine = number;
    return true;
  }

  private OpenChunk startChunk(String model, int firstLine) throws IOException {
    BatchChunk c = new BatchChunk();
    c.batchId = batchId;
    c.index = chunks.size();
    c.modelName = model;
    c.firstLine = firstLine;
    c.lastLine = firstLine;
    chunks.add(c);
    return new OpenChunk(c, writer(work.input(c.index)), writer(work.lineNumbers(c.index)));
  }

  private static jakarta.json.JsonObject json(String line) {
    try (var reader = org.slurmllm.rest.JsonP.JSON.createReader(new java.io.StringReader(line))) {
      return reader.readObject();
    }
  }

  /** Small buffers: a file of many models keeps one pair of writers open per model. */
  private BufferedWriter writer(Path file) throws IOException {
    return new BufferedWriter(
        new OutputStreamWriter(shared.newFile(file, false), StandardCharsets.UTF_8), 4096);
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
    for (OpenChunk c : open.values()) {
      c.close();
    }
    open.clear();
    invalid.close();
  }

  /** A chunk still taking lines: its record and its two files. */
  private record OpenChunk(BatchChunk record, BufferedWriter input, BufferedWriter numbers)
      implements AutoCloseable {
    @Override
    public void close() throws IOException {
      try (input;
          numbers) {
        // both closed, the second even when the first fails
      }
    }
  }
}
