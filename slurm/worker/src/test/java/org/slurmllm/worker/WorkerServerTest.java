package org.slurmllm.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The worker's HTTP API with the simulator, as the gateway and OpenAI clients use it. */
class WorkerServerTest {

  @TempDir Path dir;
  WorkerServer server;
  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeEach
  void start() throws Exception {
    WorkerOptions options =
        WorkerOptions.parse(
            new String[] {
              "serve",
              "--engine",
              "sim",
              "--model",
              "sim-1",
              "--profile",
              "instant",
              "--endpoint-file",
              dir.resolve("r.endpoint").toString(),
              "--context-length",
              "64"
            });
    server = WorkerServer.start(options, options.createEngine());
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  HttpResponse<String> post(String path, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .header("Content-Type", "application/json")
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static JsonObject json(String text) {
    return Json.createReader(new StringReader(text)).readObject();
  }

  @Test
  void publishesItsEndpoint() throws Exception {
    assertEquals("127.0.0.1 " + server.port(), Files.readString(dir.resolve("r.endpoint")).strip());
    assertEquals(200, get("/health").statusCode());
    assertEquals(
        "sim-1",
        json(get("/v1/models").body()).getJsonArray("data").getJsonObject(0).getString("id"));
  }

  /** A model that takes time to load announces itself only once loaded, as a real one does. */
  @Test
  void aModelWithALoadTimeAnnouncesItselfAfterIt() throws Exception {
    Path file = dir.resolve("slow.endpoint");
    WorkerOptions options =
        WorkerOptions.parse(
            new String[] {
              "serve",
              "--engine",
              "sim",
              "--model",
              "sim-1",
              "--profile",
              "instant",
              "--endpoint-file",
              file.toString(),
              "--load-seconds",
              "1"
            });
    long start = System.nanoTime();
    WorkerServer loading = WorkerServer.start(options, options.createEngine());
    try {
      assertTrue(System.nanoTime() - start >= 1_000_000_000L, "announced before its load time");
      assertTrue(Files.exists(file));
    } finally {
      loading.stop();
    }
  }

  /** The gateway believes a rendezvous file only with this proof, which only the job can make. */
  @Test
  void aReplicaWithAKeyProvesItsEndpoint() throws Exception {
    Path file = dir.resolve("5b0c7a52-8d7e-4f3e-9a51-0c3c2b6f1d2e.endpoint");
    WorkerOptions options =
        WorkerOptions.parse(
            new String[] {
              "serve",
              "--engine",
              "sim",
              "--model",
              "sim-1",
              "--profile",
              "instant",
              "--endpoint-file",
              file.toString(),
              "--context-length",
              "64"
            });
    WorkerServer keyed = WorkerServer.start(options, options.createEngine(), "k-1");
    try {
      String announced = "127.0.0.1 " + keyed.port();
      assertEquals(
          announced
              + " "
              + WorkerServer.proof("k-1", announced + " 5b0c7a52-8d7e-4f3e-9a51-0c3c2b6f1d2e"),
          Files.readString(file).strip());
      assertEquals(
          "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8",
          WorkerServer.proof("key", "The quick brown fox jumps over the lazy dog"),
          "HMAC-SHA256's published answer");
    } finally {
      keyed.stop();
    }
  }

  @Test
  void theCallersRequestIdNamesTheAnswerAsInVllm() throws Exception {
    String chat = "{\"model\":\"sim-1\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    HttpResponse<String> named =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/v1/chat/completions"))
                .POST(HttpRequest.BodyPublishers.ofString(chat))
                .header("X-Request-Id", "req_abc-1")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals("chatcmpl-req_abc-1", json(named.body()).getString("id"));
    HttpResponse<String> insane =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/v1/chat/completions"))
                .POST(HttpRequest.BodyPublishers.ofString(chat))
                .header("X-Request-Id", "a b<c>")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertTrue(json(insane.body()).getString("id").matches("chatcmpl-[0-9a-f]{32}"));
    assertTrue(
        json(post("/v1/chat/completions", chat).body())
            .getString("id")
            .matches("chatcmpl-[0-9a-f]{32}"));
  }

  @Test
  void chatCompletion() throws Exception {
    HttpResponse<String> r =
        post(
            "/v1/chat/completions",
            "{\"model\":\"sim-1\",\"messages\":[{\"role\":\"user\",\"content\":\"echo: hello world\"}]}");
    assertEquals(200, r.statusCode());
    JsonObject body = json(r.body());
    assertEquals(
        "hello world",
        body.getJsonArray("choices")
            .getJsonObject(0)
            .getJsonObject("message")
            .getString("content"));
    assertEquals(2, body.getJsonObject("usage").getInt("completion_tokens"));
  }

  @Test
  void streamEndsWithUsageAndDone() throws Exception {
    HttpResponse<String> r =
        post(
            "/v1/chat/completions",
            "{\"model\":\"sim-1\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":5,"
                + "\"stream\":true,\"stream_options\":{\"include_usage\":true}}");
    assertEquals("text/event-stream", r.headers().firstValue("Content-Type").orElseThrow());
    List<String> events =
        r.body().lines().filter(l -> l.startsWith("data: ")).map(l -> l.substring(6)).toList();
    assertEquals("[DONE]", events.get(events.size() - 1));
    assertEquals(
        5 + 1 + 1 + 1, events.size(), "5 tokens, the finish chunk, the usage chunk, [DONE]");
    assertEquals(
        5, json(events.get(events.size() - 2)).getJsonObject("usage").getInt("completion_tokens"));
  }

  @Test
  void completionsStreamToo() throws Exception {
    HttpResponse<String> r =
        post(
            "/v1/completions",
            "{\"model\":\"sim-1\",\"prompt\":\"Once\",\"max_tokens\":3,\"stream\":true}");
    List<String> events = r.body().lines().filter(l -> l.startsWith("data: ")).toList();
    assertEquals(5, events.size());
    assertEquals("text_completion", json(events.get(0).substring(6)).getString("object"));
  }

  @Test
  void badRequestsGetOpenAiErrors() throws Exception {
    HttpResponse<String> notList =
        post("/v1/chat/completions", "{\"model\":\"sim-1\",\"messages\":\"x\"}");
    assertEquals(400, notList.statusCode());
    assertEquals("messages", json(notList.body()).getJsonObject("error").getString("param"));
    assertEquals(400, post("/v1/chat/completions", "{not json").statusCode());
    assertEquals(
        404,
        post(
                "/v1/chat/completions",
                "{\"model\":\"other\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}")
            .statusCode());
    HttpResponse<String> tooLong =
        post("/v1/completions", "{\"model\":\"sim-1\",\"prompt\":\"" + "word ".repeat(100) + "\"}");
    assertEquals(400, tooLong.statusCode());
    assertTrue(
        json(tooLong.body())
            .getJsonObject("error")
            .getString("message")
            .contains("maximum context length"));
    assertEquals(405, get("/v1/chat/completions").statusCode());
    assertEquals(404, get("/nothing").statusCode());
  }

  @Test
  void metricsUseVllmNames() throws Exception {
    post("/v1/completions", "{\"model\":\"sim-1\",\"prompt\":\"x\",\"max_tokens\":2}");
    String metrics = get("/metrics").body();
    assertTrue(metrics.contains("vllm:num_requests_running{model_name=\"sim-1\"} 0"), metrics);
    assertTrue(metrics.contains("vllm:num_requests_waiting{model_name=\"sim-1\"} 0"));
    assertTrue(metrics.contains("vllm:request_success_total{model_name=\"sim-1\"} 1"));
    assertTrue(metrics.contains("vllm:generation_tokens_total{model_name=\"sim-1\"} 2"));
  }

  @Test
  void withAReplicaKeyOnlyTheGatewayIsAnswered() throws Exception {
    WorkerOptions options =
        WorkerOptions.parse(
            new String[] {
              "serve",
              "--engine",
              "sim",
              "--model",
              "sim-2",
              "--profile",
              "instant",
              "--context-length",
              "64"
            });
    WorkerServer keyed = WorkerServer.start(options, options.createEngine(), "replica-secret-123");
    try {
      URI chat = URI.create("http://127.0.0.1:" + keyed.port() + "/v1/chat/completions");
      String body = "{\"model\":\"sim-2\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
      HttpResponse<String> direct =
          http.send(
              HttpRequest.newBuilder(chat).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(401, direct.statusCode());
      assertEquals("invalid_api_key", json(direct.body()).getJsonObject("error").getString("code"));
      HttpResponse<String> wrong =
          http.send(
              HttpRequest.newBuilder(chat)
                  .header("Authorization", "Bearer nope")
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(401, wrong.statusCode());
      HttpResponse<String> gateway =
          http.send(
              HttpRequest.newBuilder(chat)
                  .header("Authorization", "Bearer replica-secret-123")
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(200, gateway.statusCode(), gateway.body());
      HttpResponse<String> health =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + keyed.port() + "/health"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(200, health.statusCode(), "the health probe needs no key");
    } finally {
      keyed.stop();
    }
  }

  @Test
  void aStreamedCallArrivesAsToolCallDeltasAndEndsForTheCall() throws Exception {
    HttpResponse<String> r =
        post(
            "/v1/chat/completions",
            "{\"model\":\"sim-1\",\"stream\":true,\"max_tokens\":40,\"tool_choice\":\"required\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Weather?\"}],"
                + OpenAiProtocolTest.TOOLS
                + "}");
    assertEquals(200, r.statusCode());
    StringBuilder arguments = new StringBuilder();
    String name = null;
    String finish = null;
    int pieces = 0;
    for (String line : r.body().split("\n")) {
      if (!line.startsWith("data: {")) {
        continue;
      }
      JsonObject choice = json(line.substring(6)).getJsonArray("choices").getJsonObject(0);
      JsonObject delta = choice.getJsonObject("delta");
      if (delta.containsKey("tool_calls")) {
        JsonObject call = delta.getJsonArray("tool_calls").getJsonObject(0);
        JsonObject function = call.getJsonObject("function");
        if (function.containsKey("name")) {
          name = function.getString("name");
        }
        arguments.append(function.getString("arguments", ""));
        pieces++;
      }
      if (!choice.isNull("finish_reason")) {
        finish = choice.getString("finish_reason");
      }
    }
    assertEquals("get_weather", name);
    assertEquals("tool_calls", finish);
    assertTrue(pieces > 2, r.body());
    assertTrue(json(arguments.toString()).containsKey("city"), arguments.toString());
  }

  @Test
  void aFieldTheWorkerCannotHonourIsA400NamingIt() throws Exception {
    HttpResponse<String> r =
        post(
            "/v1/chat/completions",
            "{\"model\":\"sim-1\",\"logit_bias\":{\"1\":5},\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
    assertEquals(400, r.statusCode());
    assertEquals("logit_bias", json(r.body()).getJsonObject("error").getString("param"));
  }
}
