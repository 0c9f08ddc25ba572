package org.slurmllm.worker;

import static org.slurmllm.worker.JsonP.JSON;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.stream.JsonParsingException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The worker's HTTP side: OpenAI's chat and completions (streamed as server-sent events, one event
 * per token, flushed at once), the model list, {@code /health}, and {@code /metrics} with vLLM's
 * metric names, so the gateway reads the worker's load as it reads vLLM's.
 *
 * <p>Longer than 300 lines because it is the worker's whole HTTP side: every endpoint's handler,
 * each reading its request, answering and counting for {@code /metrics}; the request and answer
 * formats themselves are in {@link OpenAiProtocol} and {@link EmbeddingProtocol}.
 */
final class WorkerServer {

  /** Where the job hands the worker its replica's key: the environment, never the command line. */
  static final String KEY_VARIABLE = "SLURMLLM_REPLICA_KEY";

  private final HttpServer http;
  private final WorkerOptions options;
  private final Engine engine;
  private final Embedder embedder;
  private final String bearer;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final String key;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final AtomicLong succeeded = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong promptTokens = new AtomicLong();
  private final AtomicLong generatedTokens = new AtomicLong();

  private WorkerServer(
      HttpServer http, WorkerOptions options, Engine engine, Embedder embedder, String key) {
    this.http = http;
    this.options = options;
    this.engine = engine;
    this.embedder = embedder;
    this.key = key == null || key.isBlank() ? null : key;
    this.bearer = this.key == null ? null : "Bearer " + this.key;
  }

  static WorkerServer start(WorkerOptions options, Engine engine) throws IOException {
    return start(options, engine, null, System.getenv(KEY_VARIABLE));
  }

  /** A server of an embedding model: /v1/embeddings, and a clear 400 for generation. */
  static WorkerServer start(WorkerOptions options, Embedder embedder) throws IOException {
    return start(options, null, embedder, System.getenv(KEY_VARIABLE));
  }

  static WorkerServer start(WorkerOptions options, Engine engine, String key) throws IOException {
    return start(options, engine, null, key);
  }

  /**
   * @param key the replica's key, which every OpenAI endpoint then requires (the gateway sends it;
   *     a cluster user calling the replica directly, past keys, limits and the ledger, gets 401);
   *     null: no key (a worker run by hand). {@code /health} and {@code /metrics} stay open.
   */
  static WorkerServer start(WorkerOptions options, Engine engine, Embedder embedder, String key)
      throws IOException {
    // Without TCP_NODELAY every small write of a stream (one token) waits for the client's
    // delayed ACK: about 3 ms a token instead of microseconds.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    // The JDK server closes idle keep-alive connections beyond 200; a gateway holding more (1,024
    // concurrent streams) would find them dead on reuse.
    System.setProperty("sun.net.httpserver.maxIdleConnections", "8192");
    HttpServer http = HttpServer.create(new InetSocketAddress("0.0.0.0", options.port()), 4096);
    WorkerServer server = new WorkerServer(http, options, engine, embedder, key);
    http.setExecutor(server.threads);
    http.createContext("/health", e -> server.get(e, () -> "{\"status\":\"ok\"}"));
    http.createContext(
        "/v1/models",
        e -> {
          if (server.authorized(e)) {
            server.get(e, server::models);
          }
        });
    http.createContext("/metrics", server::metrics);
    http.createContext(
        "/v1/chat/completions",
        e -> {
          if (server.authorized(e)) {
            server.generate(e, true);
          }
        });
    http.createContext(
        "/v1/completions",
        e -> {
          if (server.authorized(e)) {
            server.generate(e, false);
          }
        });
    http.createContext(
        "/v1/embeddings",
        e -> {
          if (server.authorized(e)) {
            server.embeddings(e);
          }
        });
    http.createContext(
        "/",
        e ->
            server.error(
                e,
                404,
                "No such endpoint: " + e.getRequestURI().getPath(),
                "invalid_request_error",
                null));
    http.start();
    server.warmUp();
    options.awaitLoad();
    server.awaitShards();
    server.publishEndpoint();
    return server;
  }

  /**
   * A replica over several nodes: announced only once every shard answers, and ended (the process
   * exits, so SLURM ends the job) as soon as one stops answering.
   */
  private void awaitShards() throws IOException {
    if (options.shards() <= 0) {
      return;
    }
    ShardWatch watch = new ShardWatch(options.shards(), options.shardDir());
    try {
      List<String> shards = watch.awaitAll(java.time.Duration.ofMinutes(10));
      System.out.println("all " + shards.size() + " shards answer: " + String.join(" ", shards));
      watch.watch(
          shards,
          reason -> {
            System.out.println("slurm-llm worker: " + reason + "; the replica ends");
            System.out.flush();
            Runtime.getRuntime().halt(3);
          });
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for the shards", e);
    }
  }

  /** Whether the request carries the replica's key; answers 401 itself when not. */
  private boolean authorized(HttpExchange e) throws IOException {
    if (bearer == null) {
      return true;
    }
    String given = e.getRequestHeaders().getFirst("Authorization");
    if (given != null
        && java.security.MessageDigest.isEqual(
            given.getBytes(StandardCharsets.UTF_8), bearer.getBytes(StandardCharsets.UTF_8))) {
      return true;
    }
    e.getRequestBody().close();
    e.getResponseHeaders().set("WWW-Authenticate", "Bearer");
    error(
        e,
        401,
        "This model server answers its gateway only.",
        "invalid_request_error",
        null,
        "invalid_api_key");
    return false;
  }

  String host() {
    return options.host();
  }

  int port() {
    return http.getAddress().getPort();
  }

  /**
   * Answers one health request of its own before announcing itself: the first request loads the
   * HTTP classes, and that should not be what the gateway's first probe waits for.
   */
  private void warmUp() {
    // a plain socket: an HTTP client library would itself take longer to load than the server
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port())) {
      socket.setSoTimeout(5000);
      socket
          .getOutputStream()
          .write(
              "GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                  .getBytes(StandardCharsets.US_ASCII));
      socket.getInputStream().readAllBytes();
    } catch (IOException e) {
      // announced anyway: the gateway's probes decide whether it is healthy
    }
  }

  /**
   * Writes "host port proof" atomically: the gateway never reads a half-written file. The proof
   * (HMAC-SHA256 of "host port replica-id" under the replica's key; the replica id is the file's
   * name) tells the gateway that this job wrote it, not another user of the shared directory.
   */
  private void publishEndpoint() throws IOException {
    Path file = options.endpointFile();
    if (file == null) {
      return;
    }
    Files.createDirectories(file.toAbsolutePath().getParent());
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    String announced = host() + " " + port();
    if (key != null) {
      String replica = file.getFileName().toString().replaceFirst("\\.endpoint$", "");
      announced += " " + proof(key, announced + " " + replica);
    }
    Files.writeString(temporary, announced + "\n");
    Files.move(
        temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  static String proof(String key, String message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JVM has HmacSHA256", e);
    }
  }

  private String models() {
    return JSON.createObjectBuilder()
        .add("object", "list")
        .add(
            "data",
            JSON.createArrayBuilder()
                .add(
                    JSON.createObjectBuilder()
                        .add("id", options.model())
                        .add("object", "model")
                        .add("created", 0)
                        .add("owned_by", "slurm-llm")
                        .add("max_model_len", options.contextLength())))
        .build()
        .toString();
  }

  private void get(HttpExchange e, java.util.function.Supplier<String> body) throws IOException {
    if (!e.getRequestMethod().equals("GET")) {
      error(e, 405, "Use GET", "invalid_request_error", null);
      return;
    }
    respond(e, 200, "application/json", body.get());
  }

  private void metrics(HttpExchange e) throws IOException {
    int running =
        embedder != null
            ? embedder.running().get()
            : engine instanceof SimEngine s ? s.running() : ((LlamaCppEngine) engine).running();
    int waiting =
        embedder != null
            ? 0
            : engine instanceof SimEngine s ? s.waiting() : ((LlamaCppEngine) engine).waiting();
    String label = "{model_name=\"" + options.model() + "\"}";
    String text =
        "# HELP vllm:num_requests_running Number of requests currently running.\n"
            + "# TYPE vllm:num_requests_running gauge\n"
            + "vllm:num_requests_running"
            + label
            + " "
            + running
            + "\n"
            + "# HELP vllm:num_requests_waiting Number of requests waiting to be processed.\n"
            + "# TYPE vllm:num_requests_waiting gauge\n"
            + "vllm:num_requests_waiting"
            + label
            + " "
            + waiting
            + "\n"
            + "# TYPE vllm:request_success_total counter\n"
            + "vllm:request_success_total"
            + label
            + " "
            + succeeded.get()
            + "\n"
            + "# TYPE slurmllm_worker_request_failures_total counter\n"
            + "slurmllm_worker_request_failures_total"
            + label
            + " "
            + failed.get()
            + "\n"
            + "# TYPE vllm:prompt_tokens_total counter\n"
            + "vllm:prompt_tokens_total"
            + label
            + " "
            + promptTokens.get()
            + "\n"
            + "# TYPE vllm:generation_tokens_total counter\n"
            + "vllm:generation_tokens_total"
            + label
            + " "
            + generatedTokens.get()
            + "\n";
    respond(e, 200, "text/plain; version=0.0.4", text);
  }

  private void generate(HttpExchange e, boolean chat) throws IOException {
    if (!e.getRequestMethod().equals("POST")) {
      error(e, 405, "Use POST", "invalid_request_error", null);
      return;
    }
    if (engine == null) {
      e.getRequestBody().close();
      error(
          e,
          400,
          "The model '"
              + options.model()
              + "' embeds text; it does not generate. Use "
              + "/v1/embeddings.",
          "invalid_request_error",
          "model",
          "model_not_supported");
      return;
    }
    JsonObject body = jsonBody(e);
    if (body == null) {
      return;
    }
    GenerationRequest request;
    try {
      request = OpenAiProtocol.parse(body, chat);
    } catch (OpenAiProtocol.BadRequest bad) {
      error(e, 400, bad.getMessage(), "invalid_request_error", bad.param, bad.code);
      return;
    }
    String requested = body.getString("model", options.model());
    if (!requested.equals(options.model())) {
      error(
          e,
          404,
          "The model '" + requested + "' does not exist.",
          "invalid_request_error",
          "model");
      return;
    }
    try {
      request = engine.fitted(request);
    } catch (Engine.InvalidInput bad) {
      error(e, 400, bad.getMessage(), "invalid_request_error", bad.param, bad.code);
      return;
    }
    // the caller's X-Request-Id names the answer, as vLLM's OpenAI server does: the id a client
    // sees (and the gateway logs) is the one the model server worked under
    String caller = e.getRequestHeaders().getFirst("X-Request-Id");
    String id =
        (chat ? "chatcmpl-" : "cmpl-")
            + (caller != null && caller.matches("[A-Za-z0-9._:-]{1,64}")
                ? caller
                : UUID.randomUUID().toString().replace("-", ""));
    long created = System.currentTimeMillis() / 1000;
    if (OpenAiProtocol.stream(body)) {
      stream(e, request, chat, id, created, OpenAiProtocol.includeUsage(body));
      return;
    }
    try {
      Engine.Result result = engine.generate(request, token -> {});
      count(result);
      respond(
          e,
          200,
          "application/json",
          OpenAiProtocol.response(id, options.model(), created, chat, result, request.shape())
              .toString());
    } catch (Engine.InvalidInput bad) {
      error(e, 400, bad.getMessage(), "invalid_request_error", bad.param, bad.code);
    } catch (Engine.EngineException ex) {
      failed.incrementAndGet();
      error(e, 500, ex.getMessage(), "server_error", null);
    }
  }

  private void stream(
      HttpExchange e,
      GenerationRequest request,
      boolean chat,
      String id,
      long created,
      boolean includeUsage)
      throws IOException {
    e.getResponseHeaders().set("Content-Type", "text/event-stream");
    e.getResponseHeaders().set("Cache-Control", "no-cache");
    e.sendResponseHeaders(200, 0);
    try (OutputStream out = e.getResponseBody()) {
      boolean[] first = {true};
      ShapedAnswer answer = new ShapedAnswer(request.shape());
      java.util.function.Consumer<String> send =
          token -> {
            if (chat) {
              for (JsonObject delta : answer.feed(token)) {
                event(
                    out,
                    OpenAiProtocol.deltaChunk(id, options.model(), created, first[0], delta, null)
                        .toString());
                first[0] = false;
              }
            } else {
              event(
                  out,
                  OpenAiProtocol.completionChunk(id, options.model(), created, token, null)
                      .toString());
            }
          };
      Engine.Result result;
      try {
        result = engine.generate(request, send);
      } catch (Engine.EngineException ex) {
        failed.incrementAndGet();
        event(out, OpenAiProtocol.error(ex.getMessage(), "server_error", null, null).toString());
        return;
      } catch (Engine.InvalidInput bad) {
        event(
            out,
            OpenAiProtocol.error(bad.getMessage(), "invalid_request_error", bad.param, bad.code)
                .toString());
        return;
      }
      count(result);
      if (chat) {
        for (JsonObject delta : answer.end()) {
          event(
              out,
              OpenAiProtocol.deltaChunk(id, options.model(), created, first[0], delta, null)
                  .toString());
          first[0] = false;
        }
        event(
            out,
            OpenAiProtocol.deltaChunk(
                    id,
                    options.model(),
                    created,
                    first[0],
                    null,
                    answer.finishReason(result.finishReason()))
                .toString());
      } else {
        event(
            out,
            OpenAiProtocol.completionChunk(
                    id, options.model(), created, null, result.finishReason())
                .toString());
      }
      if (includeUsage) {
        event(
            out, OpenAiProtocol.usageChunk(id, options.model(), created, chat, result).toString());
      }
      event(out, "[DONE]");
    } catch (java.io.UncheckedIOException ex) {
      // the client went away: nothing more to send
    }
  }

  private static void event(OutputStream out, String data) {
    try {
      out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
    } catch (IOException ex) {
      throw new java.io.UncheckedIOException(ex);
    }
  }

  /** The request's JSON object; null when it is not one (then answered 400 here). */
  private JsonObject jsonBody(HttpExchange e) throws IOException {
    try (InputStream in = e.getRequestBody();
        JsonReader reader = JSON.createReader(in)) {
      return reader.readObject();
    } catch (JsonParsingException | ClassCastException | IllegalStateException ex) {
      error(
          e,
          400,
          "Request body is not a JSON object: " + ex.getMessage(),
          "invalid_request_error",
          null);
      return null;
    }
  }

  private void embeddings(HttpExchange e) throws IOException {
    if (!e.getRequestMethod().equals("POST")) {
      error(e, 405, "Use POST", "invalid_request_error", null);
      return;
    }
    JsonObject body = jsonBody(e);
    if (body == null) {
      return;
    }
    if (embedder == null) {
      error(
          e,
          400,
          "The model '" + options.model() + "' generates text; it does not embed.",
          "invalid_request_error",
          "model",
          "model_not_supported");
      return;
    }
    String requested = body.getString("model", options.model());
    if (!requested.equals(options.model())) {
      error(
          e,
          404,
          "The model '" + requested + "' does not exist.",
          "invalid_request_error",
          "model");
      return;
    }
    EmbeddingProtocol.Request request;
    try {
      request = EmbeddingProtocol.parse(body, embedder);
    } catch (OpenAiProtocol.BadRequest bad) {
      error(e, 400, bad.getMessage(), "invalid_request_error", bad.param, bad.code);
      return;
    }
    try {
      Embedder.Embedded embedded = embedder.embed(request.inputs());
      succeeded.incrementAndGet();
      promptTokens.addAndGet(embedded.promptTokens());
      respond(
          e,
          200,
          "application/json",
          EmbeddingProtocol.response(options.model(), embedded, request.base64()).toString());
    } catch (RuntimeException ex) {
      failed.incrementAndGet();
      error(e, 500, "embedding failed: " + ex.getMessage(), "server_error", null);
    }
  }

  private void count(Engine.Result result) {
    succeeded.incrementAndGet();
    promptTokens.addAndGet(result.promptTokens());
    generatedTokens.addAndGet(result.completionTokens());
  }

  private void error(HttpExchange e, int status, String message, String type, String param)
      throws IOException {
    error(e, status, message, type, param, null);
  }

  private void error(
      HttpExchange e, int status, String message, String type, String param, String code)
      throws IOException {
    respond(
        e, status, "application/json", OpenAiProtocol.error(message, type, param, code).toString());
  }

  private static void respond(HttpExchange exchange, int status, String type, String text)
      throws IOException {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  void stop() {
    http.stop(0);
    threads.shutdownNow();
    try {
      if (options.endpointFile() != null) {
        Files.deleteIfExists(options.endpointFile());
      }
    } catch (IOException e) {
      // the gateway notices the job's end anyway
    }
    stopped.countDown();
  }

  void awaitStop() throws InterruptedException {
    stopped.await();
  }
}
