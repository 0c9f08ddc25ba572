package org.slurmllm.tribunal.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
 * Many tribunals at once cannot starve the server: three times the runner pool's threads (8, the
 * default of SLURMLLM_TRIBUNAL_THREADS) started together, 200 clients following them by server-sent
 * events; all end, every stream ends with its tribunal's final state, and a model created
 * afterwards serves (its routing refresh did not queue behind the tribunals). Before the runners
 * had pools of their own, 16 tribunals on this machine stayed running and queued for good.
 */
@ExtendWith({ArquillianExtension.class, RemoveNewModels.class})
class TribunalLoadIT {

  static final int TRIBUNALS = 24;
  static final int WATCHERS = 200;

  @Deployment(testable = false)
  static WebArchive app() {
    return Deployments.application();
  }

  final Api api = Api.ofTestServer();
  final HttpClient http = HttpClient.newHttpClient();

  CompletableFuture<String> watch(String id) {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(
                    "http://127.0.0.1:"
                        + System.getProperty("it.http.port", "8180")
                        + "/api/tribunals/"
                        + id
                        + "/events"))
            .header("Authorization", "Bearer " + Api.adminKey())
            .header("Accept", "text/event-stream")
            .GET()
            .build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .thenApply(HttpResponse::body);
  }

  @Test
  void threeTimesThePoolOfTribunalsAndTwoHundredWatchersAllFinish() throws Exception {
    String a = Models.serving(api, "tla", "llama-3.2-1b", 64);
    String b = Models.serving(api, "tlb", "llama-3.2-1b", 64);
    String j = Models.serving(api, "tlj", "llama-3.2-1b", 64);
    Eventually.await(
        "the panel serving",
        Duration.ofSeconds(120),
        () -> api.get("/v1/models").body(),
        body -> body.split("\"status\":\"serving\"").length > 3);

    List<String> ids = new ArrayList<>();
    for (int i = 0; i < TRIBUNALS; i++) {
      Reply created =
          api.post(
              "/api/tribunals",
              """
              {"prompt":"Name prime number %d.","panel":["%s","%s"],"judges":["%s"],"rounds":2,
               "aggregation":"best","maxTokens":8}"""
                  .formatted(i, a, b, j));
      assertEquals(202, created.status(), created::toString);
      ids.add(created.json().getString("id"));
    }
    List<CompletableFuture<String>> streams = new ArrayList<>();
    for (int i = 0; i < WATCHERS; i++) {
      streams.add(watch(ids.get(i % TRIBUNALS)));
    }

    for (String id : ids) {
      JsonObject t =
          Eventually.await(
              "tribunal " + id + " ended",
              Duration.ofSeconds(180),
              () -> api.get("/api/tribunals/" + id).json(),
              x -> List.of("completed", "failed", "cancelled").contains(x.getString("status")));
      assertEquals("completed", t.getString("status"), t::toString);
    }
    try {
      CompletableFuture.allOf(streams.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      long open = streams.stream().filter(f -> !f.isDone()).count();
      throw new AssertionError(open + " of " + WATCHERS + " event streams did not end");
    }
    for (int i = 0; i < WATCHERS; i++) {
      String events = streams.get(i).get();
      assertTrue(events.contains("event: step"), "watcher " + i + " saw steps: " + events);
      String last = events.substring(events.lastIndexOf("event: status"));
      assertTrue(
          last.contains("\"status\":\"completed\""), "watcher " + i + " ended with: " + last);
    }

    String late = Models.serving(api, "tll", "llama-3.2-1b", 64);
    Eventually.await(
        "the model created afterwards serving",
        Duration.ofSeconds(120),
        () -> api.get("/v1/models/" + late).body(),
        body -> body.contains("\"status\":\"serving\""));
    Reply chat =
        api.post(
            "/v1/chat/completions",
            "{\"model\":\"%s\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":4}"
                .formatted(late));
    assertEquals(200, chat.status(), chat::toString);
  }
}
