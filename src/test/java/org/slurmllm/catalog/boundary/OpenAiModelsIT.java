package org.slurmllm.catalog.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.time.Instant;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slurmllm.testing.Api;
import org.slurmllm.testing.Api.Reply;
import org.slurmllm.testing.Deployments;
import org.slurmllm.testing.Models;

/** {@code /v1/models} in exactly the shape OpenAI's SDKs parse. */
@ExtendWith(ArquillianExtension.class)
class OpenAiModelsIT {

  @Deployment(testable = false)
  static WebArchive app() {
    return Deployments.application();
  }

  final Api api = Api.ofTestServer();

  @Test
  void listsCatalogModelsInOpenAiFormat() {
    String name = Models.uniqueName("oa");
    api.post("/api/models", Models.sim(name));

    JsonObject list = api.get("/v1/models").json();
    assertEquals("list", list.getString("object"));
    JsonObject model =
        list.getJsonArray("data").stream()
            .map(v -> v.asJsonObject())
            .filter(m -> m.getString("id").equals(name))
            .findFirst()
            .orElseThrow();
    assertEquals("model", model.getString("object"));
    assertEquals("slurm-llm", model.getString("owned_by"));
    long created = model.getJsonNumber("created").longValue();
    assertTrue(Math.abs(Instant.now().getEpochSecond() - created) < 600, "Unix seconds");
    assertEquals("idle", model.getString("status"), "no replica until the first request");
    assertTrue(model.getInt("context_length") > 0, model::toString);
  }

  @Test
  void retrievesOneModel() {
    String name = Models.uniqueName("oa1");
    api.post("/api/models", Models.sim(name));

    JsonObject model = api.get("/v1/models/" + name).json();
    assertEquals(name, model.getString("id"));
  }

  @Test
  void unknownModelIs404WithOpenAiError() {
    Reply reply = api.get("/v1/models/no-such-model-here");
    assertEquals(404, reply.status());
    assertEquals("model_not_found", reply.error().getString("code"));
    assertEquals("invalid_request_error", reply.error().getString("type"));
  }

  @Test
  void deletedModelsDisappear() {
    String name = Models.uniqueName("oa2");
    api.post("/api/models", Models.sim(name));
    api.delete("/api/models/" + name);

    assertTrue(
        api.get("/v1/models").json().getJsonArray("data").stream()
            .noneMatch(m -> m.asJsonObject().getString("id").equals(name)));
  }
}
