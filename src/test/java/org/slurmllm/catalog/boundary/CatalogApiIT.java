package org.slurmllm.catalog.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slurmllm.testing.Api;
import org.slurmllm.testing.Api.Reply;
import org.slurmllm.testing.Deployments;
import org.slurmllm.testing.Models;

/** The catalog's admin API over HTTP, against the real WAR and PostgreSQL. */
@ExtendWith(ArquillianExtension.class)
class CatalogApiIT {

  @Deployment(testable = false)
  static WebArchive app() {
    return Deployments.application();
  }

  final Api api = Api.ofTestServer();

  @Test
  void createReturns201WithLocationAndFillsDefaults() {
    String name = Models.uniqueName("sim");
    Reply created = api.post("/api/models", Models.sim(name));

    assertEquals(201, created.status(), created::toString);
    assertTrue(created.header("Location").endsWith("/api/models/" + name));
    JsonObject model = created.json();
    assertEquals(name, model.getString("name"));
    assertEquals("sim", model.getString("engine"));
    assertEquals(0, model.getJsonObject("resources").getInt("gpus"));
    assertEquals(0, model.getJsonObject("scaling").getInt("minReplicas"));
    assertEquals(1, model.getJsonObject("scaling").getInt("maxReplicas"));
    assertTrue(model.getJsonObject("scaling").getInt("targetConcurrency") > 0);
    assertTrue(model.getInt("contextLength") > 0);
    assertNotNull(model.getString("createdAt"));
    JsonObject read = api.get(created.header("Location")).json();
    // the definition reads back as created; the status is the reconciler's to change
    assertEquals(withoutStatus(model), withoutStatus(read));
    assertEquals("idle", read.getJsonObject("status").getString("state"));
  }

  static JsonObject withoutStatus(JsonObject model) {
    return Json.createObjectBuilder(model).remove("status").build();
  }

  @Test
  void everyFieldRoundTrips() {
    String name = Models.uniqueName("full");
    assertEquals(201, api.post("/api/models", Models.full(name)).status());

    JsonObject model = api.get("/api/models/" + name).json();
    assertEquals("vllm", model.getString("engine"));
    assertEquals("/models/llama-3.1-8b", model.getString("weights"));
    // Models.full gives the deprecated "image": an Apptainer image, read back as the container
    assertEquals("apptainer", model.getJsonObject("container").getString("runtime"));
    assertEquals("/images/vllm.sif", model.getJsonObject("container").getString("image"));
    assertFalse(model.containsKey("image"), "folded into the container");
    assertEquals("8192", model.getJsonArray("engineArgs").getString(1));
    JsonObject resources = model.getJsonObject("resources");
    assertEquals(2, resources.getInt("gpus"));
    assertEquals(16, resources.getInt("cpus"));
    assertEquals(128, resources.getInt("memoryGb"));
    assertEquals("gpu", resources.getString("partition"));
    assertEquals("llm", resources.getString("account"));
    assertEquals("normal", resources.getString("qos"));
    assertEquals("a100&ib", resources.getString("constraint"));
    assertEquals(600, resources.getInt("timeLimitMinutes"));
    JsonObject scaling = model.getJsonObject("scaling");
    assertEquals(0, scaling.getInt("minReplicas"));
    assertEquals(4, scaling.getInt("maxReplicas"));
    assertEquals(32, scaling.getInt("targetConcurrency"));
    assertEquals(15, scaling.getInt("idleMinutes"));
    assertEquals(8192, model.getInt("contextLength"));
  }

  @Test
  void listContainsCreatedModels() {
    String name = Models.uniqueName("listed");
    api.post("/api/models", Models.sim(name));

    JsonObject list = api.get("/api/models").json();
    assertEquals("list", list.getString("object"));
    assertTrue(
        list.getJsonArray("data").stream()
            .anyMatch(m -> m.asJsonObject().getString("name").equals(name)));
  }

  @Test
  void duplicateNameIs409AndKeepsTheOriginal() {
    String name = Models.uniqueName("dup");
    api.post("/api/models", Models.full(name));

    Reply duplicate = api.post("/api/models", Models.sim(name));
    assertEquals(409, duplicate.status());
    assertEquals("name", duplicate.error().getString("param"));
    assertEquals("vllm", api.get("/api/models/" + name).json().getString("engine"));
  }

  @Test
  void invalidFieldsAre400NamingEveryField() {
    Reply reply =
        api.post(
            "/api/models",
            """
            {"name":"Bad Name!","engine":"warp-drive","resources":{"gpus":-1,"partition":"a;rm"},
             "scaling":{"minReplicas":3,"maxReplicas":2},"contextLength":0}""");

    assertEquals(400, reply.status(), reply::toString);
    JsonObject error = reply.error();
    assertEquals("invalid_request_error", error.getString("type"));
    String message = error.getString("message");
    for (String field :
        new String[] {
          "name",
          "engine",
          "resources.gpus",
          "resources.partition",
          "scaling.maxReplicas",
          "contextLength"
        }) {
      assertTrue(message.contains(field + ":"), () -> field + " not named in: " + message);
      assertTrue(error.getString("param").contains(field));
    }
  }

  @Test
  void weightsAreRequiredExceptForSim() {
    Reply reply = api.post("/api/models", "{\"name\":\"no-weights\",\"engine\":\"llamacpp\"}");
    assertEquals(400, reply.status());
    assertEquals("weights", reply.error().getString("param"));
  }

  @Test
  void shellTextInScriptFieldsIsRefused() {
    String name = Models.uniqueName("inject");
    Reply reply =
        api.post(
            "/api/models",
            """
            {"name":"%s","engine":"vllm","weights":"/m/$(reboot)","engineArgs":["--x\\n rm -rf /"]}"""
                .formatted(name));
    assertEquals(400, reply.status(), reply::toString);
    assertTrue(reply.error().getString("message").contains("weights"));
    assertTrue(reply.error().getString("message").contains("engineArgs[0]"));
    assertEquals(404, api.get("/api/models/" + name).status());
  }

  @Test
  void malformedJsonIs400InOpenAiFormat() {
    Reply reply = api.post("/api/models", "{not json");
    assertEquals(400, reply.status());
    assertEquals("invalid_json", reply.error().getString("code"));
    assertTrue(reply.error().containsKey("param"));
  }

  @Test
  void wrongTypeNamesTheProperty() {
    Reply reply =
        api.post(
            "/api/models",
            "{\"name\":\"typed\",\"engine\":\"sim\",\"resources\":{\"gpus\":\"many\"}}");
    assertEquals(400, reply.status());
    assertTrue(reply.error().getString("message").contains("gpus"), reply::toString);
  }

  @Test
  void emptyBodyIs400() {
    Reply reply = api.post("/api/models", "");
    assertEquals(400, reply.status(), reply::toString);
    assertNotNull(reply.error().getString("message"));
  }

  @Test
  void wrongContentTypeIs415() {
    Reply reply = api.send("POST", "/api/models", "text/plain", Models.sim("plain"));
    assertEquals(415, reply.status());
    assertNotNull(reply.error());
  }

  @Test
  void unknownNameIs404ForEveryVerb() {
    String name = Models.uniqueName("ghost");
    assertEquals("model_not_found", api.get("/api/models/" + name).error().getString("code"));
    assertEquals(404, api.put("/api/models/" + name, Models.sim(name)).status());
    assertEquals(404, api.delete("/api/models/" + name).status());
  }

  @Test
  void putReplacesTheWholeDefinition() {
    String name = Models.uniqueName("put");
    JsonObject created = api.post("/api/models", Models.full(name)).json();

    Reply replaced =
        api.put(
            "/api/models/" + name,
            "{\"engine\":\"sim\",\"scaling\":{\"minReplicas\":0,\"maxReplicas\":3}}");

    assertEquals(200, replaced.status(), replaced::toString);
    JsonObject model = api.get("/api/models/" + name).json();
    assertEquals("sim", model.getString("engine"));
    assertFalse(model.containsKey("weights"), "omitted fields return to their defaults");
    assertEquals(3, model.getJsonObject("scaling").getInt("maxReplicas"));
    assertEquals(0, model.getJsonObject("resources").getInt("gpus"));
    assertEquals(created.getString("createdAt"), model.getString("createdAt"));
    assertFalse(created.getString("updatedAt").equals(model.getString("updatedAt")));
  }

  @Test
  void putCannotRenameAndRejectsInvalidFields() {
    String name = Models.uniqueName("keep");
    api.post("/api/models", Models.full(name));

    assertEquals(400, api.put("/api/models/" + name, Models.sim("other-name")).status());
    Reply invalid =
        api.put("/api/models/" + name, "{\"engine\":\"sim\",\"scaling\":{\"maxReplicas\":0}}");
    assertEquals(400, invalid.status());
    assertEquals("vllm", api.get("/api/models/" + name).json().getString("engine"));
  }

  @Test
  void deleteIs204ThenGone() {
    String name = Models.uniqueName("del");
    api.post("/api/models", Models.sim(name));

    assertEquals(204, api.delete("/api/models/" + name).status());
    assertEquals(404, api.get("/api/models/" + name).status());
    assertEquals(201, api.post("/api/models", Models.sim(name)).status(), "the name is free again");
  }

  @Test
  void unknownPathIs404InOpenAiFormat() {
    Reply reply = api.get("/api/no-such-thing");
    assertEquals(404, reply.status());
    assertNotNull(reply.error().getString("message"));
  }
}
