package org.slurmllm.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slurmllm.testing.Api;
import org.slurmllm.testing.Api.Reply;
import org.slurmllm.testing.Deployments;

/**
 * What a client sees when it gets its request wrong, on every kind of endpoint (the inference ones
 * on Undertow, JAX-RS, servlets): every bad field named in one 400, the first as param; codes that
 * are words; malformed JSON called malformed JSON, never an internal error. No model is needed:
 * each request is refused before one would be.
 */
@ExtendWith(ArquillianExtension.class)
class ErrorBodiesIT {

  @Deployment(testable = false)
  static WebArchive app() {
    return Deployments.application();
  }

  final Api api = Api.ofTestServer();

  static JsonObject refused(Reply reply, int status) {
    assertEquals(status, reply.status(), reply::toString);
    return reply.error();
  }

  @Test
  void aChatRequestNamesEveryBadFieldTheFirstAsParam() {
    JsonObject e =
        refused(
            api.post(
                "/v1/chat/completions",
                "{\"model\":\"tiny-stories\",\"messages\":\"hi\",\"max_tokens\":-3,\"temperature\":9}"),
            400);
    assertEquals("messages", e.getString("param"));
    assertEquals("invalid_value", e.getString("code"));
    assertEquals("invalid_request_error", e.getString("type"));
    assertEquals(
        "Invalid request: messages: must be a non-empty array of messages;"
            + " max_tokens: must be a whole number of at least 1;"
            + " temperature: must be between 0 and 2",
        e.getString("message"));
  }

  @Test
  void completionsAndEmbeddingsNameEveryBadFieldToo() {
    JsonObject completion =
        refused(api.post("/v1/completions", "{\"prompt\":7,\"top_p\":2,\"n\":0}"), 400);
    assertEquals("prompt", completion.getString("param"));
    assertEquals(
        "Invalid request: prompt: must be a string or an array of strings;"
            + " top_p: must be between 0 and 1; n: must be a whole number of at least 1;"
            + " model: a model name is required",
        completion.getString("message"));
    JsonObject embedding =
        refused(
            api.post(
                "/v1/embeddings",
                "{\"model\":\"e\",\"input\":[\"a\",\"\"],\"encoding_format\":\"hex\",\"dimensions\":0}"),
            400);
    assertEquals("input", embedding.getString("param"));
    assertEquals(
        "Invalid request: input[1]: must not be empty; encoding_format: must be float or base64;"
            + " dimensions: must be a whole number of at least 1",
        embedding.getString("message"));
  }

  @Test
  void aBatchWithABadEndpointAndABadWindowNamesBoth() {
    JsonObject e =
        refused(
            api.post(
                "/v1/batches",
                "{\"input_file_id\":\"file-nope\",\"endpoint\":\"/v1/moderations\","
                    + "\"completion_window\":\"1h\",\"metadata\":[]}"),
            400);
    assertEquals("input_file_id", e.getString("param"));
    assertEquals("invalid_value", e.getString("code"));
    String message = e.getString("message");
    for (String field :
        List.of("input_file_id: ", "endpoint: ", "completion_window: ", "metadata: ")) {
      assertTrue(message.contains(field), field + " not named in: " + message);
    }
  }

  @Test
  void aBodyCutShortIsMalformedJsonOnEveryJsonEndpoint() {
    for (String path :
        List.of(
            "/v1/chat/completions",
            "/v1/completions",
            "/v1/embeddings",
            "/v1/batches",
            "/api/models",
            "/api/tribunals",
            "/api/keys",
            "/api/tenants")) {
      for (String body : List.of("{\"model\":", "nope", "{\"model\":\"m\",}")) {
        JsonObject e = refused(api.post(path, body), 400);
        assertEquals("invalid_json", e.getString("code"), path + " " + body);
        String message = e.getString("message");
        assertTrue(
            message.startsWith("Request body is malformed JSON: "),
            path + " " + body + ": " + message);
        assertFalse(message.toLowerCase().contains("internal"), path + ": " + message);
        assertTrue(e.isNull("param"), path);
      }
    }
  }

  @Test
  void aBodyEndingInsideAFieldTheEndpointDoesNotKnowIsAnsweredAtOnce() {
    // JSON-B skipped such a field with a parser that spun for good: no answer, a thread at full CPU
    for (String[] call :
        List.of(
            new String[] {"POST", "/api/models"},
            new String[] {"PUT", "/api/models/no-such-model"},
            new String[] {"PUT", "/api/models/no-such-model/replicas"})) {
      for (String body : List.of("{\"zzz\":[", "{\"a\":{\"b\":1", "{\"name\":\"x\",\"zzz\":[1,")) {
        long start = System.nanoTime();
        JsonObject e = refused(api.send(call[0], call[1], "application/json", body), 400);
        assertEquals("invalid_json", e.getString("code"), call[1] + " " + body);
        assertTrue(
            System.nanoTime() - start < 5_000_000_000L, call[1] + " " + body + " took too long");
      }
    }
  }

  @Test
  void anEmptyOrNonObjectBodyIsTheClientsFaultToo() {
    for (String path : List.of("/v1/batches", "/api/tribunals", "/api/keys", "/api/tenants")) {
      JsonObject empty = refused(api.post(path, ""), 400);
      assertEquals("A JSON request body is required.", empty.getString("message"), path);
      JsonObject array = refused(api.post(path, "[1,2]"), 400);
      assertEquals("Request body must be a JSON object.", array.getString("message"), path);
      assertEquals("invalid_json", array.getString("code"), path);
    }
    assertEquals(
        "Request body must be a JSON object.",
        refused(api.post("/v1/chat/completions", "[1,2]"), 400).getString("message"));
  }

  static HttpResponse<String> raw(String method, String path, String header, String value)
      throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:" + System.getProperty("it.http.port", "8180") + path))
                .header("Authorization", "Bearer " + Api.adminKey())
                .header(header, value)
                .method(method, HttpRequest.BodyPublishers.ofString("{}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void everyErrorCodeIsAWord() throws Exception {
    record Case(String method, String path, String header, String value, int status, String code) {}
    List<Case> cases =
        List.of(
            new Case("GET", "/v1/no-such-thing", "Accept", "*/*", 404, "not_found"),
            new Case("DELETE", "/v1/models", "Accept", "*/*", 405, "method_not_allowed"),
            new Case(
                "POST", "/api/models", "Content-Type", "text/plain", 415, "unsupported_media_type"),
            new Case("GET", "/v1/models", "Accept", "text/csv", 406, "not_acceptable"),
            // the container's own answers (sendError): were HTML pages
            new Case("POST", "/api/models", "Content-Type", "-H", 400, "invalid_request"),
            new Case("PUT", "/v1/files", "Content-Type", "text/plain", 405, "method_not_allowed"),
            new Case(
                "GET",
                "/v1/chat/completions",
                "Content-Type",
                "application/json",
                405,
                "method_not_allowed"));
    for (Case c : cases) {
      HttpResponse<String> r = raw(c.method(), c.path(), c.header(), c.value());
      String name = c.method() + " " + c.path() + " (" + c.header() + ": " + c.value() + ")";
      assertEquals(c.status(), r.statusCode(), name + ": " + r.body());
      assertTrue(
          r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
          name + ": " + r.headers().map());
      JsonObject e = new Reply(r).error();
      assertEquals(c.code(), e.getString("code"), name + ": " + r.body());
    }
  }
}
