package org.slurmllm.catalog.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
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
    assertEquals(16, resources.getInt("memoryGb"));
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

  String simOn(String name, String resources) {
    return """
        {"name":"%s","engine":"sim","resources":{%s},"scaling":{"minReplicas":0,"maxReplicas":1}}"""
        .formatted(name, resources);
  }

  @Test
  void resourcesTheClusterCannotGiveAre400NamingTheFieldAndWhatItOffers() {
    String name = Models.uniqueName("misfit");
    Reply noPartition = api.post("/api/models", simOn(name, "\"partition\":\"nope\""));
    assertEquals(400, noPartition.status(), noPartition::toString);
    assertEquals("resources.partition", noPartition.error().getString("param"));
    String message = noPartition.error().getString("message");
    assertTrue(message.contains("no partition 'nope'"), message);
    assertTrue(message.contains("gpu") && message.contains("short"), "what it has: " + message);

    Reply tooManyGpus = api.post("/api/models", simOn(name, "\"gpus\":8"));
    assertEquals(400, tooManyGpus.status(), tooManyGpus::toString);
    assertEquals("resources.gpus", tooManyGpus.error().getString("param"));
    assertTrue(
        tooManyGpus.error().getString("message").contains("has more than 4"),
        tooManyGpus::toString);

    Reply tooLong =
        api.post("/api/models", simOn(name, "\"partition\":\"short\",\"timeLimitMinutes\":120"));
    assertEquals(400, tooLong.status(), tooLong::toString);
    assertTrue(
        tooLong.error().getString("message").contains("limit of 60 minutes"), tooLong::toString);

    Reply tooMuchMemory = api.post("/api/models", simOn(name, "\"memoryGb\":4096"));
    assertEquals("resources.memoryGb", tooMuchMemory.error().getString("param"));

    assertEquals(404, api.get("/api/models/" + name).status(), "none of them was stored");
    Reply fits =
        api.post("/api/models", simOn(name, "\"partition\":\"short\",\"timeLimitMinutes\":60"));
    assertEquals(201, fits.status(), fits::toString);
  }

  @Test
  void weightsMustBeAnAbsolutePathAndEveryBadFieldIsNamedInOne400() {
    String name = Models.uniqueName("relative");
    Reply reply =
        api.post(
            "/api/models",
            """
            {"name":"%s","engine":"llamacpp","weights":"slurm/models/stories260K.gguf",
             "resources":{"gpus":0,"cpus":1,"memoryGb":1,"partition":"nope"},
             "scaling":{"minReplicas":0,"maxReplicas":1}}"""
                .formatted(name));
    assertEquals(400, reply.status(), reply::toString);
    String message = reply.error().getString("message");
    assertEquals("weights,resources.partition", reply.error().getString("param"));
    assertTrue(message.contains("weights: must be an absolute path"), message);
    assertTrue(message.contains("resources.partition: no partition 'nope'"), message);
  }

  @Test
  void anUpdateIsCheckedAgainstTheClusterAndARefusedOneChangesNothing() {
    String name = Models.uniqueName("upd");
    assertEquals(201, api.post("/api/models", simOn(name, "\"partition\":\"cpu\"")).status());
    Reply refused = api.put("/api/models/" + name, simOn(name, "\"partition\":\"nope\""));
    assertEquals(400, refused.status(), refused::toString);
    assertEquals("resources.partition", refused.error().getString("param"));
    assertEquals(
        "cpu",
        api.get("/api/models/" + name).json().getJsonObject("resources").getString("partition"));
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

  Reply patch(String name, String json) {
    return api.send("PATCH", "/api/models/" + name, "application/merge-patch+json", json);
  }

  @Test
  void patchChangesOnlyWhatItNamesAndAnswersTheWholeModel() {
    String name = Models.uniqueName("patch");
    JsonObject created = api.post("/api/models", Models.full(name)).json();

    Reply patched = patch(name, "{\"scaling\":{\"idleMinutes\":30},\"engineArgs\":null}");

    assertEquals(200, patched.status(), patched::toString);
    JsonObject model = patched.json();
    assertEquals(30, model.getJsonObject("scaling").getInt("idleMinutes"));
    assertEquals(4, model.getJsonObject("scaling").getInt("maxReplicas"), "the rest of scaling");
    assertEquals(0, model.getJsonArray("engineArgs").size(), "null: back to the default");
    assertEquals(
        withoutStatus(created).getJsonObject("resources"), model.getJsonObject("resources"));
    assertEquals("/models/llama-3.1-8b", model.getString("weights"));
    assertEquals("/images/vllm.sif", model.getJsonObject("container").getString("image"));
    assertEquals(withoutStatus(model), withoutStatus(api.get("/api/models/" + name).json()));
    List<JsonObject> audit =
        api.get("/api/audit?targetType=model&targetId=" + name)
            .json()
            .getJsonArray("data")
            .getValuesAs(JsonObject.class);
    assertEquals("model.patch", audit.get(0).getString("action"));
    assertEquals(
        15, audit.get(0).getJsonObject("before").getJsonObject("scaling").getInt("idleMinutes"));
    assertEquals(
        30, audit.get(0).getJsonObject("after").getJsonObject("scaling").getInt("idleMinutes"));
  }

  @Test
  void patchValidatesTheMergedDefinitionAsAPutNamingEveryBadField() {
    String name = Models.uniqueName("patchbad");
    api.post("/api/models", Models.full(name));

    Reply invalid =
        patch(name, "{\"scaling\":{\"maxReplicas\":0},\"contextLength\":0,\"colour\":1}");
    assertEquals(400, invalid.status(), invalid::toString);
    assertEquals("colour", invalid.error().getString("param"), "unknown fields first");
    Reply bad = patch(name, "{\"scaling\":{\"maxReplicas\":0},\"contextLength\":0}");
    assertEquals(400, bad.status(), bad::toString);
    String param = bad.error().getString("param");
    assertTrue(param.contains("contextLength") && param.contains("scaling"), bad::toString);
    assertEquals(400, patch(name, "{\"name\":\"other\"}").status(), "no renaming");
    assertEquals(400, patch(name, "[]").status());
    assertEquals(400, patch(name, "{\"scaling\":{\"idleMinutes\":\"soon\"}}").status());
    assertEquals(
        4, api.get("/api/models/" + name).json().getJsonObject("scaling").getInt("maxReplicas"));
    assertEquals(404, patch(Models.uniqueName("ghost"), "{}").status());
    assertEquals(
        415, api.send("PATCH", "/api/models/" + name, "text/plain", "{}").status(), "JSON only");
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
