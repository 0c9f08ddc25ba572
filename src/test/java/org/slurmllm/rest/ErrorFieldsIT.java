package org.slurmllm.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import jakarta.json.JsonObject;
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
 * A 400 lists its bad fields in {@code error.fields}, one {param, message} each, on the inference
 * path (Undertow) as on the admin API (JAX-RS) and the upload servlet; param and message stay as
 * they were. No model is needed: each request is refused before one would be.
 */
@ExtendWith(ArquillianExtension.class)
class ErrorFieldsIT {

  @Deployment(testable = false)
  static WebArchive app() {
    return Deployments.application();
  }

  final Api api = Api.ofTestServer();

  @Test
  void anInferenceRequestListsEveryBadField() {
    JsonObject e =
        refused(
            api.post(
                "/v1/chat/completions",
                "{\"model\":\"m\",\"messages\":\"hi\",\"max_tokens\":-3,\"temperature\":9}"));
    assertEquals("messages", e.getString("param"));
    assertEquals(List.of("messages", "max_tokens", "temperature"), params(e));
    assertEquals(
        "must be between 0 and 2", e.getJsonArray("fields").getJsonObject(2).getString("message"));
  }

  @Test
  void anAdminRequestListsEveryBadFieldAndKeepsThemAllInParam() {
    JsonObject e =
        refused(
            api.post(
                "/api/models",
                "{\"name\":\"never-made\",\"engine\":\"warp\",\"contextLength\":0}"));
    assertEquals("contextLength,engine", e.getString("param"));
    assertEquals(List.of("contextLength", "engine"), params(e));
    assertEquals(
        "must be greater than 0", e.getJsonArray("fields").getJsonObject(0).getString("message"));
  }

  @Test
  void aFourHundredAboutOneFieldListsIt() {
    JsonObject e = refused(api.get("/api/audit?limit=0"));
    assertEquals(List.of("limit"), params(e));
  }

  @Test
  void otherErrorsListNone() {
    Reply missing = api.get("/api/keys/999999999");
    assertEquals(404, missing.status());
    assertFalse(missing.error().containsKey("fields"), missing::toString);
    Reply malformed = api.post("/v1/chat/completions", "{\"model\":");
    assertEquals(400, malformed.status());
    assertFalse(malformed.error().containsKey("fields"), malformed::toString);
  }

  private static JsonObject refused(Reply reply) {
    assertEquals(400, reply.status(), reply::toString);
    return reply.error();
  }

  private static List<String> params(JsonObject error) {
    return error.getJsonArray("fields").getValuesAs(JsonObject.class).stream()
        .map(f -> f.getString("param"))
        .toList();
  }
}
