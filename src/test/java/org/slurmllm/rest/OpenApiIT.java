package org.slurmllm.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slurmllm.testing.Api;
import org.slurmllm.testing.Api.Reply;
import org.slurmllm.testing.Deployments;

/** The OpenAPI document describes every endpoint, and the browsable UI loads it. */
@ExtendWith(ArquillianExtension.class)
class OpenApiIT {

  @Deployment(testable = false)
  static WebArchive app() {
    return Deployments.application();
  }

  final Api api = Api.ofTestServer();

  @Test
  void documentsEveryEndpointWithResponses() {
    JsonObject doc = api.get("/openapi?format=JSON").json();
    JsonObject paths = doc.getJsonObject("paths");
    Map<String, List<String>> expected =
        Map.of(
            "/api/models", List.of("get", "post"),
            "/api/models/{name}", List.of("get", "put", "delete"),
            "/v1/models", List.of("get"),
            "/v1/models/{model}", List.of("get"),
            "/v1/chat/completions", List.of("post"),
            "/v1/completions", List.of("post"),
            "/api/models/{name}/replicas", List.of("get", "put"),
            "/api/cluster", List.of("get"));
    expected.forEach(
        (path, methods) -> {
          assertTrue(paths.containsKey(path), () -> path + " missing from " + paths.keySet());
          for (String method : methods) {
            JsonObject operation = paths.getJsonObject(path).getJsonObject(method);
            assertTrue(operation.containsKey("summary"), path + " " + method + " has a summary");
            assertTrue(operation.getJsonObject("responses").size() > 0);
          }
        });
    assertTrue(
        paths.keySet().stream().noneMatch(p -> p.contains("webjars") || p.contains("console")),
        "static files are not API");
  }

  @Test
  void schemasCarryExamples() {
    JsonObject schemas =
        api.get("/openapi?format=JSON").json().getJsonObject("components").getJsonObject("schemas");
    JsonObject model = schemas.getJsonObject("Model").getJsonObject("properties");
    assertTrue(
        model.getJsonObject("name").containsKey("examples")
            || model.getJsonObject("name").containsKey("example"));
    assertTrue(schemas.containsKey("Error"));
    JsonValue engine = model.getJsonObject("engine").get("enum");
    assertEquals(5, engine.asJsonArray().size()); // vllm, llamacpp, sim, onnx, tribunal
  }

  @Test
  void aTribunalIsTypedAndSaysWhetherItStoppedEarly() {
    JsonObject schemas =
        api.get("/openapi?format=JSON").json().getJsonObject("components").getJsonObject("schemas");
    JsonObject tribunal = schemas.getJsonObject("Tribunal").getJsonObject("properties");
    JsonObject stoppedEarly = tribunal.getJsonObject("stoppedEarly");
    assertEquals("boolean", stoppedEarly.getString("type"));
    assertTrue(stoppedEarly.getString("description").contains("earlyStopScore"));
    assertTrue(schemas.containsKey("TribunalStep"));
    assertTrue(schemas.containsKey("TribunalList"));
  }

  @Test
  void browsableUiIsServed() {
    Reply page = api.get("/openapi-ui/");
    assertEquals(200, page.status());
    assertTrue(page.body().contains("/openapi?format=JSON"));
    for (String asset : page.body().split("\"")) {
      if (asset.startsWith("/webjars/")) {
        assertEquals(200, api.get(asset).status(), asset);
      }
    }
  }

  @Test
  void staticFilesCannotEscapeTheirFolder() {
    assertEquals(404, api.get("/webjars/..%2FWEB-INF/web.xml").status());
    assertEquals(404, api.get("/console/../WEB-INF/web.xml").status());
    assertEquals(404, api.get("/webjars/no/such/file.js").status());
  }
}
