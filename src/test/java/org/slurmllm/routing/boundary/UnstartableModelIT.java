package org.slurmllm.routing.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.InternalServerException;
import com.openai.errors.NotFoundException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.time.Duration;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slurmllm.testing.Api;
import org.slurmllm.testing.Api.Reply;
import org.slurmllm.testing.Deployments;
import org.slurmllm.testing.Eventually;
import org.slurmllm.testing.Models;
import org.slurmllm.testing.RemoveNewModels;

/**
 * A model whose replicas cannot start is answered at once, with the reason, whatever way the
 * request comes (plain, streamed, the official SDK), and never left hanging without an answer. The
 * cluster refuses its job at submission: a constraint no node has passes the model's checks at
 * creation (features are not among them), as a partition removed after creation would.
 */
@ExtendWith({ArquillianExtension.class, RemoveNewModels.class})
class UnstartableModelIT {

  @Deployment(testable = false)
  static WebArchive app() {
    return Deployments.application();
  }

  final Api api = Api.ofTestServer();

  static final String CHAT =
      """
      {"model":"%s","messages":[{"role":"user","content":"hi"}],"max_tokens":4%s}""";

  String refusedModel() {
    String name = Models.uniqueName("refused");
    Reply created =
        api.post(
            "/api/models",
            """
            {"name":"%s","engine":"sim","engineArgs":["--profile","instant"],
             "resources":{"gpus":0,"cpus":1,"memoryGb":1,"timeLimitMinutes":30,
                          "constraint":"no-such-feature"},
             "scaling":{"minReplicas":0,"maxReplicas":1}}"""
                .formatted(name));
    assertEquals(201, created.status(), created::toString);
    return name;
  }

  static long millis(Runnable call) {
    long start = System.nanoTime();
    call.run();
    return (System.nanoTime() - start) / 1_000_000;
  }

  @Test
  void aModelTheClusterRefusesIsAnswered503AtOnceWithTheReasonPlainStreamedAndThroughTheSdk() {
    String model = refusedModel();
    // the first request asks for a replica; the refusal answers it (one reconcile pass)
    Reply[] first = new Reply[1];
    long firstMs =
        millis(() -> first[0] = api.post("/v1/chat/completions", CHAT.formatted(model, "")));
    assertEquals(503, first[0].status(), first[0]::toString);
    assertTrue(
        firstMs < 10_000, "the waiting request is answered once the model backs off: " + firstMs);

    Reply[] again = new Reply[1];
    long againMs =
        millis(() -> again[0] = api.post("/v1/chat/completions", CHAT.formatted(model, "")));
    assertEquals(503, again[0].status());
    assertTrue(againMs < 1000, "answered at once: " + againMs + " ms");
    long retryAfter = Long.parseLong(again[0].header("Retry-After"));
    assertTrue(retryAfter >= 1 && retryAfter <= 30, "until the next attempt: " + retryAfter);
    assertEquals("model_unavailable", again[0].error().getString("code"));
    String message = again[0].error().getString("message");
    assertTrue(message.contains("Invalid feature specification"), message);
    assertTrue(message.contains("cannot start a replica"), message);
    // any key that may call the model reads this: the model's internals stay the admin's
    assertFalse(message.contains("no-such-feature") || message.contains("asked for"), message);

    Reply[] streamed = new Reply[1];
    long streamedMs =
        millis(
            () ->
                streamed[0] =
                    api.post("/v1/chat/completions", CHAT.formatted(model, ",\"stream\":true")));
    assertEquals(503, streamed[0].status(), "an error body before any event");
    assertTrue(streamedMs < 1000, "streamed: " + streamedMs + " ms");

    // the official SDK with its own retries off: an error within a second, the reason in it
    OpenAIClient sdk =
        OpenAIOkHttpClient.builder()
            .baseUrl("http://127.0.0.1:" + api.port() + "/v1")
            .apiKey(Api.adminKey())
            .maxRetries(0)
            .timeout(Duration.ofSeconds(30))
            .build();
    // the client's own start (its classes, its error path, the connection) is not the answer's
    assertThrows(
        NotFoundException.class,
        () ->
            sdk.chat()
                .completions()
                .create(
                    ChatCompletionCreateParams.builder()
                        .model("no-such-model")
                        .addUserMessage("hi")
                        .build()));
    ChatCompletionCreateParams params =
        ChatCompletionCreateParams.builder().model(model).addUserMessage("hi").build();
    InternalServerException[] error = new InternalServerException[1];
    long sdkMs =
        millis(
            () ->
                error[0] =
                    assertThrows(
                        InternalServerException.class,
                        () -> sdk.chat().completions().create(params)));
    assertEquals(503, error[0].statusCode());
    assertTrue(error[0].getMessage().contains("Invalid feature"), error[0].getMessage());
    assertTrue(sdkMs < 1000, "sdk: " + sdkMs + " ms");

    // its status says the same, with when it tries again
    String status = api.get("/api/models/" + model).json().getJsonObject("status").toString();
    assertTrue(status.contains("backoff") && status.contains("next attempt"), status);
  }

  @Test
  void fixingWhatTheClusterRefusedEndsTheBackOffAtOnce() {
    String model = refusedModel();
    assertEquals(503, api.post("/v1/chat/completions", CHAT.formatted(model, "")).status());
    Reply fixed =
        api.put(
            "/api/models/" + model,
            """
            {"name":"%s","engine":"sim","engineArgs":["--profile","instant"],
             "resources":{"gpus":0,"cpus":1,"memoryGb":1,"timeLimitMinutes":30},
             "scaling":{"minReplicas":0,"maxReplicas":1}}"""
                .formatted(model));
    assertEquals(200, fixed.status(), fixed::toString);
    // no 15-minute wait for the old definition's back-off: the fixed model starts a replica
    Reply served =
        Eventually.await(
            "the fixed model serves",
            Duration.ofSeconds(90),
            () -> api.post("/v1/chat/completions", CHAT.formatted(model, "")),
            r -> r.status() == 200);
    assertEquals(200, served.status());
  }
}
