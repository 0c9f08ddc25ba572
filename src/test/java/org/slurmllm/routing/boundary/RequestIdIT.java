package org.slurmllm.routing.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slurmllm.testing.Api;
import org.slurmllm.testing.Batches;
import org.slurmllm.testing.Deployments;
import org.slurmllm.testing.Eventually;
import org.slurmllm.testing.Models;
import org.slurmllm.testing.RemoveNewModels;

/** X-Request-Id: on every answer, errors too, and the way from a client's request to its record. */
@ExtendWith({ArquillianExtension.class, RemoveNewModels.class})
class RequestIdIT {

  @Deployment(testable = false)
  static WebArchive app() {
    return Deployments.application();
  }

  final Api admin = Api.ofTestServer();
  final HttpClient http = HttpClient.newHttpClient();

  HttpResponse<String> send(String method, String path, String key, String id, String body)
      throws Exception {
    HttpRequest.Builder r =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.port() + path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (key != null) {
      r.header("Authorization", "Bearer " + key);
    }
    if (id != null) {
      r.header("X-Request-Id", id);
    }
    return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
  }

  static String idOf(HttpResponse<String> r) {
    return r.headers().firstValue("X-Request-Id").orElse(null);
  }

  JsonObject recordOf(String requestId) {
    return recordOf(requestId, Duration.ofSeconds(15));
  }

  JsonObject recordOf(String requestId, Duration patience) {
    return Eventually.await(
            "the record of " + requestId,
            patience,
            () -> admin.get("/api/usage?requestId=" + requestId).json(),
            u -> u.getJsonArray("data").size() == 1)
        .getJsonArray("data")
        .getJsonObject(0);
  }

  @Test
  void aClientsIdIsAnsweredAndLeadsToItsRecordAndOursIfItHasNone() throws Exception {
    String model = Models.serving(admin, "rid", "instant", 8);
    String chat =
        """
        {"model":"%s","messages":[{"role":"user","content":"hi"}],"max_tokens":4}"""
            .formatted(model);
    String mine = "portal-" + System.nanoTime() + ":try.1";
    HttpResponse<String> r = send("POST", "/v1/chat/completions", Api.adminKey(), mine, chat);
    assertEquals(200, r.statusCode(), r::body);
    assertEquals(mine, idOf(r));
    // the replica received it: its answer is named by it (as vLLM names its answers)
    assertEquals("chatcmpl-" + mine, new Api.Reply(r).json().getString("id"));
    JsonObject record = recordOf(mine);
    assertEquals(model, record.getString("model"));
    assertEquals(mine, record.getString("requestId"));

    HttpResponse<String> made = send("POST", "/v1/chat/completions", Api.adminKey(), null, chat);
    assertEquals(200, made.statusCode());
    assertTrue(idOf(made).matches("req_[0-9a-f]{22}"), idOf(made));
    assertEquals(model, recordOf(idOf(made)).getString("model"));

    // streamed too
    HttpResponse<String> streamed =
        send(
            "POST",
            "/v1/chat/completions",
            Api.adminKey(),
            mine + "-s",
            chat.replace("\"max_tokens\":4", "\"max_tokens\":4,\"stream\":true"));
    assertEquals(mine + "-s", idOf(streamed));
    assertTrue(streamed.body().contains("\"id\":\"chatcmpl-" + mine + "-s\""), streamed::body);
    assertEquals(mine + "-s", recordOf(mine + "-s").getString("requestId"));
  }

  @Test
  void everyErrorCarriesItsIdAndAnInsaneIdIsReplaced() throws Exception {
    HttpResponse<String> noKey = send("POST", "/v1/chat/completions", null, "e-1", "{}");
    assertEquals(401, noKey.statusCode());
    assertEquals("e-1", idOf(noKey));
    HttpResponse<String> unknownModel =
        send(
            "POST",
            "/v1/chat/completions",
            Api.adminKey(),
            "e-2",
            "{\"model\":\"no-such-model\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
    assertEquals(404, unknownModel.statusCode());
    assertEquals("e-2", idOf(unknownModel));
    HttpResponse<String> badJson =
        send("POST", "/v1/chat/completions", Api.adminKey(), "e-3", "{not json");
    assertEquals(400, badJson.statusCode());
    assertEquals("e-3", idOf(badJson));
    HttpResponse<String> apiError =
        send("POST", "/api/models", Api.adminKey(), "e-4", "{\"name\":\"Not A Name\"}");
    assertEquals(400, apiError.statusCode());
    assertEquals("e-4", idOf(apiError));
    HttpResponse<String> noSuchPath = send("GET", "/api/nothing-here", Api.adminKey(), "e-5", null);
    assertEquals(404, noSuchPath.statusCode());
    assertEquals("e-5", idOf(noSuchPath));
    HttpResponse<String> insane = send("GET", "/api/me", Api.adminKey(), "two words", null);
    assertEquals(200, insane.statusCode());
    assertTrue(idOf(insane).matches("req_[0-9a-f]{22}"), idOf(insane));
  }

  @Test
  void aBatchLinesRecordCarriesItsCustomIdAndBatch() {
    String model = Models.serving(admin, "ridb", "instant", 8);
    String prefix = "rid" + System.nanoTime();
    String batch = Batches.start(admin, model, 2, prefix, 4);
    JsonObject record = recordOf(prefix + "-2", Duration.ofSeconds(120));
    assertEquals("batch", record.getString("kind"));
    assertEquals(batch, record.getString("reference"));
  }
}
