package org.slurmllm.worker;

import static org.slurmllm.worker.JsonP.JSON;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code run-batch}: answers an OpenAI batch input file (JSONL, one request a line) into an output
 * file with one line per request, in input order, each carrying its {@code custom_id}, like {@code
 * vllm run-batch}. Reads and writes stream, with at most {@code concurrency} lines in flight, so
 * memory stays flat whatever the file size. A bad line gets an error line of its own; it never
 * stops the file.
 */
final class BatchRunner {

  /** What a run did. */
  record Summary(long lines, long succeeded, long failed) {}

  private final Engine engine;
  private final Embedder embedder;
  private final String model;
  private final int concurrency;

  BatchRunner(Engine engine, String model, int concurrency) {
    this(engine, null, model, concurrency);
  }

  /** A runner for the model's kind: {@code engine} generates, {@code embedder} embeds. */
  BatchRunner(Engine engine, Embedder embedder, String model, int concurrency) {
    this.engine = engine;
    this.embedder = embedder;
    this.model = model;
    this.concurrency = concurrency;
  }

  Summary run(Path input, Path output) throws IOException {
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    long lines = 0;
    long ok = 0;
    Path partial = output.resolveSibling(output.getFileName() + ".partial");
    try (BufferedReader in = Files.newBufferedReader(input, StandardCharsets.UTF_8);
        BufferedWriter out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
      Deque<CompletableFuture<JsonObject>> window = new ArrayDeque<>();
      String line;
      while ((line = in.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        lines++;
        String text = line;
        window.add(CompletableFuture.supplyAsync(() -> answer(text), pool));
        if (window.size() >= concurrency) {
          ok += write(out, window.removeFirst().join());
        }
      }
      while (!window.isEmpty()) {
        ok += write(out, window.removeFirst().join());
      }
    } finally {
      pool.shutdownNow();
    }
    // the output appears whole or not at all: a job killed halfway leaves no half file behind
    Files.move(
        partial,
        output,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    return new Summary(lines, ok, lines - ok);
  }

  private static int write(BufferedWriter out, JsonObject result) throws IOException {
    out.write(result.toString());
    out.newLine();
    JsonValue response = result.get("response");
    return response instanceof JsonObject r && r.getInt("status_code", 0) == 200 ? 1 : 0;
  }

  /** One input line to one output line. */
  JsonObject answer(String line) {
    String id = "batch_req_" + UUID.randomUUID().toString().replace("-", "");
    JsonObject request;
    try (JsonReader reader = JSON.createReader(new StringReader(line))) {
      request = reader.readObject();
    } catch (RuntimeException e) {
      return failure(id, JsonValue.NULL, 400, "invalid_json", "line is not a JSON object");
    }
    JsonValue customId =
        request.containsKey("custom_id") ? request.get("custom_id") : JsonValue.NULL;
    String url = request.getString("url", "");
    boolean chat = url.equals("/v1/chat/completions");
    boolean embeddings = url.equals("/v1/embeddings");
    if (!chat && !embeddings && !url.equals("/v1/completions")) {
      return failure(
          id,
          customId,
          400,
          "invalid_url",
          "url must be /v1/chat/completions, /v1/completions or /v1/embeddings");
    }
    if (!(request.get("body") instanceof JsonObject body)) {
      return failure(id, customId, 400, "invalid_body", "body must be a JSON object");
    }
    if (embeddings != (embedder != null)) {
      return failure(
          id,
          customId,
          400,
          "model_not_supported",
          embedder != null
              ? "this model embeds text; its batch lines must use /v1/embeddings"
              : "this model generates text; it does not embed");
    }
    if (embeddings) {
      return embedded(id, customId, body);
    }
    try {
      GenerationRequest generation = engine.fitted(OpenAiProtocol.parse(body, chat));
      Engine.Result result = engine.generate(generation, token -> {});
      String responseId =
          (chat ? "chatcmpl-" : "cmpl-") + UUID.randomUUID().toString().replace("-", "");
      JsonObject response =
          OpenAiProtocol.response(
              responseId,
              body.getString("model", model),
              System.currentTimeMillis() / 1000,
              chat,
              result,
              generation.shape());
      return line(
          id,
          customId,
          JSON.createObjectBuilder()
              .add("status_code", 200)
              .add("request_id", responseId)
              .add("body", response),
          JsonValue.NULL);
    } catch (OpenAiProtocol.BadRequest bad) {
      return failure(id, customId, 400, "invalid_request_error", bad.getMessage());
    } catch (Engine.InvalidInput bad) {
      return failure(id, customId, 400, bad.code, bad.getMessage());
    } catch (Engine.EngineException e) {
      return failure(id, customId, 500, "server_error", e.getMessage());
    }
  }

  private JsonObject embedded(String id, JsonValue customId, JsonObject body) {
    try {
      EmbeddingProtocol.Request parsed = EmbeddingProtocol.parse(body, embedder);
      JsonObject response =
          EmbeddingProtocol.response(
              body.getString("model", model), embedder.embed(parsed.inputs()), parsed.base64());
      return line(
          id,
          customId,
          JSON.createObjectBuilder()
              .add("status_code", 200)
              .add("request_id", id)
              .add("body", response),
          JsonValue.NULL);
    } catch (OpenAiProtocol.BadRequest bad) {
      return failure(id, customId, 400, "invalid_request_error", bad.getMessage());
    } catch (RuntimeException e) {
      return failure(id, customId, 500, "server_error", "embedding failed: " + e.getMessage());
    }
  }

  private static JsonObject failure(
      String id, JsonValue customId, int status, String code, String message) {
    return line(
        id,
        customId,
        JSON.createObjectBuilder()
            .add("status_code", status)
            .add("request_id", id)
            .add(
                "body",
                OpenAiProtocol.error(
                    message, status >= 500 ? "server_error" : "invalid_request_error", null, code)),
        JsonValue.NULL);
  }

  private static JsonObject line(
      String id, JsonValue customId, JsonObjectBuilder response, JsonValue error) {
    return JSON.createObjectBuilder()
        .add("id", id)
        .add("custom_id", customId)
        .add("response", response)
        .add("error", error)
        .build();
  }
}
