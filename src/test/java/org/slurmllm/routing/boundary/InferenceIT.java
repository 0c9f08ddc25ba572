package org.slurmllm.routing.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slurmllm.testing.Api;
import org.slurmllm.testing.Api.Reply;
import org.slurmllm.testing.Api.Streamed;
import org.slurmllm.testing.Deployments;
import org.slurmllm.testing.Models;
import org.slurmllm.testing.RemoveNewModels;
import org.slurmllm.testing.Replicas;
import org.slurmllm.testing.Slurm;
import org.slurmllm.testing.TinyModel;

/**
 * The OpenAI-compatible endpoints end to end: the gateway, replicas as SLURM jobs on the
 * development cluster, the worker with a real model (llama.cpp) or the simulator.
 */
@ExtendWith({ArquillianExtension.class, RemoveNewModels.class})
class InferenceIT {

  static final Duration READY = Duration.ofSeconds(120);

  @Deployment(testable = false)
  static WebArchive app() {
    return Deployments.application();
  }

  final Api api = Api.ofTestServer();

  static String simModel(String name, int min, int max, int concurrency, String... engineArgs) {
    String args =
        List.of(engineArgs).stream().map(a -> '"' + a + '"').collect(Collectors.joining(","));
    return """
        {"name":"%s","engine":"sim","engineArgs":[%s],"contextLength":256,
         "resources":{"gpus":0,"cpus":1,"memoryGb":1,"timeLimitMinutes":30},
         "scaling":{"minReplicas":%d,"maxReplicas":%d,"targetConcurrency":%d,"idleMinutes":10}}"""
        .formatted(name, args, min, max, concurrency);
  }

  static String chat(String model, String content, int maxTokens, String extra) {
    return """
        {"model":"%s","messages":[{"role":"user","content":"%s"}],"max_tokens":%d%s}"""
        .formatted(model, content, maxTokens, extra);
  }

  Replicas created(String name, String definition) {
    Reply created = api.post("/api/models", definition);
    assertEquals(201, created.status(), created::toString);
    return new Replicas(api, name);
  }

  @Test
  void theTinyRealModelAnswersThroughSlurmStreamedAndNot() {
    String name = Models.uniqueName("tiny");
    Replicas replicas =
        created(
            name,
            """
            {"name":"%s","engine":"llamacpp","weights":"%s","contextLength":512,
             "resources":{"gpus":0,"cpus":1,"memoryGb":1,"timeLimitMinutes":30},
             "scaling":{"minReplicas":1,"maxReplicas":1,"targetConcurrency":4,"idleMinutes":10}}"""
                .formatted(name, TinyModel.weights()));
    try {
      JsonObject replica = replicas.awaitInState("READY", 1, READY).get(0);
      assertEquals("RUNNING", Slurm.squeueState(replica.getString("jobId")));

      // what the official SDKs send, including fields the gateway does not use itself
      String request =
          """
          {"model":"%s","messages":[{"role":"system","content":"You tell stories."},
            {"role":"user","content":"Once upon a time"}],
           "max_completion_tokens":24,"temperature":0,"top_p":1,"seed":7,"n":1,
           "frequency_penalty":0,"presence_penalty":0,"user":"it","logprobs":false%s}"""
              .formatted(name, "%s");
      Reply reply = api.post("/v1/chat/completions", request.formatted(""));
      assertEquals(200, reply.status(), reply::toString);
      JsonObject completion = reply.json();
      assertEquals("chat.completion", completion.getString("object"));
      assertEquals(name, completion.getString("model"));
      JsonObject choice = completion.getJsonArray("choices").getJsonObject(0);
      String text = choice.getJsonObject("message").getString("content");
      assertTrue(text.strip().length() >= 10, "real text: '" + text + "'");
      assertEquals("assistant", choice.getJsonObject("message").getString("role"));
      int tokens = completion.getJsonObject("usage").getInt("completion_tokens");
      assertTrue(tokens >= 1 && tokens <= 24, completion::toString);
      assertTrue(completion.getJsonObject("usage").getInt("prompt_tokens") > 0);

      Streamed stream =
          api.stream(
              "/v1/chat/completions",
              request.formatted(",\"stream\":true,\"stream_options\":{\"include_usage\":true}"));
      assertEquals(200, stream.status());
      assertTrue(stream.contentType().startsWith("text/event-stream"), stream.contentType());
      assertEquals("[DONE]", stream.data().get(stream.data().size() - 1));
      List<JsonObject> chunks = stream.events();
      assertTrue(chunks.size() >= 3, "chunks: " + chunks.size());
      chunks.forEach(c -> assertEquals("chat.completion.chunk", c.getString("object")));
      String streamed =
          chunks.stream()
              .filter(c -> !c.getJsonArray("choices").isEmpty())
              .map(c -> c.getJsonArray("choices").getJsonObject(0).getJsonObject("delta"))
              .filter(d -> d.containsKey("content") && !d.isNull("content"))
              .map(d -> d.getString("content"))
              .collect(Collectors.joining());
      assertEquals(text, streamed, "greedy decoding: the stream says what the answer said");
      JsonObject usage = chunks.get(chunks.size() - 1).getJsonObject("usage");
      assertNotNull(usage, "include_usage: the last chunk carries the usage");
      assertEquals(tokens, usage.getInt("completion_tokens"));

      Reply completionReply =
          api.post(
              "/v1/completions",
              """
              {"model":"%s","prompt":"Once upon a time","max_tokens":16,"temperature":0}"""
                  .formatted(name));
      assertEquals(200, completionReply.status(), completionReply::toString);
      assertEquals("text_completion", completionReply.json().getString("object"));
      assertFalse(
          completionReply
              .json()
              .getJsonArray("choices")
              .getJsonObject(0)
              .getString("text")
              .isBlank());

      JsonObject listed = api.get("/v1/models/" + name).json();
      assertEquals("serving", listed.getString("status"));
    } finally {
      replicas.deleteAndAwaitJobsGone();
    }
  }

  @Test
  void aStreamIsPassedOnEventByEventNotBuffered() {
    String name = Models.uniqueName("strm");
    // about 20 ms per token: 40 tokens take most of a second
    Replicas replicas = created(name, simModel(name, 1, 1, 4, "--profile", "llama-3.1-8b"));
    try {
      replicas.awaitInState("READY", 1, READY);
      Streamed stream =
          api.stream("/v1/chat/completions", chat(name, "hello", 40, ",\"stream\":true"));
      assertEquals(200, stream.status());
      assertEquals("[DONE]", stream.data().get(stream.data().size() - 1));
      assertTrue(stream.events().size() >= 40, "one event per token");
      long spreadMillis = (stream.lastDataNanos() - stream.firstDataNanos()) / 1_000_000;
      assertTrue(
          spreadMillis >= 300,
          "events arrived as they were made, over " + spreadMillis + " ms, not all at once");
    } finally {
      replicas.deleteAndAwaitJobsGone();
    }
  }

  @Test
  void aReplicaDyingMidRequestIsRetriedElsewhereOrEndsTheStreamWithAnErrorEvent() throws Exception {
    Path markers = Path.of(System.getProperty("it.shared.dir", "target/shared")).toAbsolutePath();
    Files.createDirectories(markers);
    Path nonStreamed = markers.resolve("crash-" + UUID.randomUUID());
    Path streamed = markers.resolve("crash-" + UUID.randomUUID());

    String plain = Models.uniqueName("crash");
    Replicas two = created(plain, simModel(plain, 2, 2, 4, "--crash-once", nonStreamed.toString()));
    String streaming = Models.uniqueName("crashs");
    Replicas one =
        created(
            streaming,
            simModel(
                streaming,
                1,
                1,
                4,
                "--profile",
                "llama-3.2-1b",
                "--crash-once",
                streamed.toString()));
    try {
      two.awaitInState("READY", 2, READY);
      Reply reply = api.post("/v1/chat/completions", chat(plain, "echo: all is well", 8, ""));
      assertEquals(200, reply.status(), reply::toString);
      assertTrue(Files.exists(nonStreamed), "one replica crashed on the request");
      assertEquals(
          "all is well",
          reply
              .json()
              .getJsonArray("choices")
              .getJsonObject(0)
              .getJsonObject("message")
              .getString("content"),
          "the retry on the other replica answered");

      one.awaitInState("READY", 1, READY);
      Streamed stream =
          api.stream("/v1/chat/completions", chat(streaming, "hello", 30, ",\"stream\":true"));
      assertEquals(200, stream.status(), "the stream had begun");
      assertTrue(Files.exists(streamed));
      List<String> data = stream.data();
      assertFalse(data.contains("[DONE]"), "an interrupted stream does not claim to be complete");
      List<JsonObject> events = stream.events();
      assertTrue(events.size() >= 2, "tokens came before the crash: " + data);
      JsonObject last = events.get(events.size() - 1);
      assertTrue(last.containsKey("error"), "ends with an error event: " + last);
      assertEquals("stream_interrupted", last.getJsonObject("error").getString("code"));
    } finally {
      two.deleteAndAwaitJobsGone();
      one.deleteAndAwaitJobsGone();
    }
  }

  @Test
  void aFullQueueIsRefusedWith429AndRetryAfterWhileAcceptedRequestsComplete() {
    String name = Models.uniqueName("busy");
    // one replica taking one request at a time; the test server's queue holds 8, 6 of one key's
    Replicas replicas = created(name, simModel(name, 1, 1, 1, "--profile", "llama-3.1-8b"));
    try {
      replicas.awaitInState("READY", 1, READY);
      List<CompletableFuture<Reply>> sent =
          IntStream.range(0, 14)
              .mapToObj(i -> api.postAsync("/v1/chat/completions", chat(name, "hello", 40, "")))
              .toList();
      List<Reply> replies = sent.stream().map(CompletableFuture::join).toList();
      Map<Integer, Long> byStatus =
          replies.stream().collect(Collectors.groupingBy(Reply::status, Collectors.counting()));
      assertEquals(Map.of(200, 7L, 429, 7L), byStatus, "1 running + 6 queued served, 7 refused");
      for (Reply refused : replies.stream().filter(r -> r.status() == 429).toList()) {
        assertTrue(Integer.parseInt(refused.header("Retry-After")) >= 1);
        assertEquals("rate_limit_error", refused.error().getString("type"));
      }
    } finally {
      replicas.deleteAndAwaitJobsGone();
    }
  }

  @Test
  void aModelWithNoReplicaStartsOneForTheFirstRequest() {
    String name = Models.uniqueName("cold");
    Replicas replicas = created(name, simModel(name, 0, 1, 4));
    try {
      assertEquals("idle", api.get("/v1/models/" + name).json().getString("status"));
      assertTrue(replicas.all().isEmpty(), "scaled to zero");

      Reply reply = api.post("/v1/chat/completions", chat(name, "echo: awake", 4, ""));
      assertEquals(200, reply.status(), reply::toString);
      List<JsonObject> ready = replicas.inState("READY");
      assertEquals(1, ready.size(), "the request started a replica");
      assertEquals("RUNNING", Slurm.squeueState(ready.get(0).getString("jobId")));
    } finally {
      replicas.deleteAndAwaitJobsGone();
    }
  }

  @Test
  void anEngineErrorIs502InOpenAiFormat() {
    String name = Models.uniqueName("fail");
    Replicas replicas = created(name, simModel(name, 1, 1, 4, "--error-rate", "1"));
    try {
      replicas.awaitInState("READY", 1, READY);
      Reply reply = api.post("/v1/chat/completions", chat(name, "hello", 4, ""));
      assertEquals(502, reply.status(), reply::toString);
      assertEquals("server_error", reply.error().getString("type"));
      assertTrue(
          reply.error().getString("message").contains("simulated engine failure"),
          "the model server's reason is passed on: " + reply);
    } finally {
      replicas.deleteAndAwaitJobsGone();
    }
  }

  @Test
  void badRequestsGetOpenAiErrorsNamingTheField() {
    String name = Models.uniqueName("bad");
    // min 0: none of these requests may start a replica
    Replicas replicas = created(name, simModel(name, 0, 1, 4));
    Function<String, Reply> chat = body -> api.post("/v1/chat/completions", body);

    Reply unknown = chat.apply(chat("no-such-model-anywhere", "hi", 4, ""));
    assertEquals(404, unknown.status());
    assertEquals("model_not_found", unknown.error().getString("code"));
    assertEquals("model", unknown.error().getString("param"));

    assertError(chat.apply("{\"model\":\"" + name + "\",\"messages\":\"not-a-list\"}"), "messages");
    assertError(chat.apply("{\"model\":\"" + name + "\",\"messages\":[]}"), "messages");
    assertError(
        chat.apply("{\"model\":\"" + name + "\",\"messages\":[{\"content\":\"x\"}]}"),
        "messages[0]");
    assertError(chat.apply("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"), "model");
    assertError(chat.apply(chat(name, "hi", 0, "")), "max_tokens");
    assertError(
        chat.apply(chat(name, "hi", 4, ",\"max_completion_tokens\":-1")), "max_completion_tokens");
    assertError(chat.apply(chat(name, "hi", 4, ",\"stream\":\"yes\"")), "stream");
    assertError(
        api.post("/v1/completions", "{\"model\":\"" + name + "\",\"prompt\":17}"), "prompt");

    Reply malformed = chat.apply("{\"model\":");
    assertEquals(400, malformed.status());
    assertEquals("invalid_request_error", malformed.error().getString("type"));

    Reply tooLong = chat.apply(chat(name, "word ".repeat(1000), 4, ""));
    assertEquals(400, tooLong.status(), tooLong::toString);
    assertEquals("context_length_exceeded", tooLong.error().getString("code"));
    assertTrue(tooLong.error().getString("message").contains("256"), tooLong::toString);

    Reply get = api.get("/v1/chat/completions");
    assertEquals(405, get.status());
    Reply anonymous = api.withKey("sk-not-a-key-of-this-gateway-0000000000").get("/v1/completions");
    assertEquals(401, anonymous.status(), "the key is checked before anything else: " + anonymous);

    assertTrue(replicas.all().isEmpty(), "no bad request started a replica");
    api.delete("/api/models/" + name);
  }

  static void assertError(Reply reply, String param) {
    assertEquals(400, reply.status(), reply::toString);
    assertEquals("invalid_request_error", reply.error().getString("type"));
    assertEquals(param, reply.error().getString("param"), reply::toString);
  }
}
