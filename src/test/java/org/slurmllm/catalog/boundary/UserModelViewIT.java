package org.slurmllm.catalog.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slurmllm.testing.Access;
import org.slurmllm.testing.Api;
import org.slurmllm.testing.Api.Reply;
import org.slurmllm.testing.Deployments;
import org.slurmllm.testing.Models;
import org.slurmllm.testing.RemoveNewModels;

/**
 * The attack: any account on a shared cluster can get a {@code user} key (a course, a group's
 * shared key) and read the catalog to learn where the weights lie, which SLURM account pays for a
 * model and on which partition and QOS it runs, and so whose allocation and nodes to go after. A
 * user key reads what a client needs (name, task, context length, status); admin and auditor keys
 * still read everything.
 */
@ExtendWith({ArquillianExtension.class, RemoveNewModels.class})
class UserModelViewIT {

  @Deployment(testable = false)
  static WebArchive app() {
    return Deployments.application();
  }

  final Api admin = Api.ofTestServer();
  final Access access = new Access(admin);

  /** Every field a user key must not read, and values of Models.full that must not show. */
  static final List<String> INTERNAL_FIELDS =
      List.of(
          "weights",
          "engineArgs",
          "container",
          "image",
          "account",
          "partition",
          "qos",
          "constraint",
          "resources",
          "engine",
          "scaling",
          "tenants");

  static final List<String> INTERNAL_VALUES =
      List.of("/models/llama-3.1-8b", "/images/vllm.sif", "--max-model-len", "a100&ib", "\"llm\"");

  static void assertNoInternals(String body) {
    for (String field : INTERNAL_FIELDS) {
      assertFalse(body.contains("\"" + field + "\""), "a user key reads " + field + ": " + body);
    }
    for (String value : INTERNAL_VALUES) {
      assertFalse(body.contains(value), "a user key reads " + value + ": " + body);
    }
  }

  @Test
  void aUserKeyReadsNoWeightsArgumentsImageAccountOrPartitionWhereAdminsAndAuditorsDo() {
    String name = Models.uniqueName("view");
    assertEquals(201, admin.post("/api/models", Models.full(name)).status());
    String tenant = access.tenant("view");
    Api user = access.as(access.key(tenant, "user"));
    Api auditor = access.as(access.key(tenant, "auditor"));

    Reply one = user.get("/api/models/" + name);
    assertEquals(200, one.status(), one::toString);
    assertNoInternals(one.body());
    JsonObject summary = one.json();
    assertEquals(
        Set.of("name", "task", "contextLength", "status", "createdAt"),
        summary.keySet(),
        one::toString);
    assertEquals(name, summary.getString("name"));
    assertEquals("generate", summary.getString("task"));
    assertEquals(8192, summary.getInt("contextLength"));
    assertEquals("idle", summary.getJsonObject("status").getString("state"));
    // a message once the status writer has looked at the new model; nothing else, ever
    assertTrue(
        Set.of("state", "message").containsAll(summary.getJsonObject("status").keySet()),
        one::toString);

    Reply list = user.get("/api/models?limit=1000");
    assertEquals(200, list.status(), list::toString);
    assertNoInternals(list.body());
    JsonObject listed =
        list.json().getJsonArray("data").stream()
            .map(JsonValue::asJsonObject)
            .filter(m -> m.getString("name").equals(name))
            .findFirst()
            .orElseThrow(() -> new AssertionError("the user's list lacks " + name));
    assertEquals(summary, listed);

    // /v1/models said no more than this before, and still does not
    Reply openAi = user.get("/v1/models/" + name);
    assertEquals(200, openAi.status());
    assertNoInternals(openAi.body());

    // those who run the service still read the whole definition
    for (Api full : List.of(admin, auditor)) {
      JsonObject model = full.get("/api/models/" + name).json();
      assertEquals("/models/llama-3.1-8b", model.getString("weights"));
      assertEquals("gpu", model.getJsonObject("resources").getString("partition"));
      assertEquals("llm", model.getJsonObject("resources").getString("account"));
      assertEquals("/images/vllm.sif", model.getJsonObject("container").getString("image"));
      assertTrue(full.get("/api/models?limit=1000").body().contains("/models/llama-3.1-8b"));
    }
  }

  @Test
  void aRefusedModelsStatusTellsAUserWhyWithoutWhatTheJobAskedOfTheCluster() throws Exception {
    // SLURM refuses the constraint: the replica's reason lists what the job asked for
    // (partition, account, QOS, constraint), which a user key reading the status must not get
    String name = Models.uniqueName("view-refused");
    Reply created =
        admin.post(
            "/api/models",
            """
            {"name":"%s","engine":"sim","engineArgs":["--profile","instant"],
             "resources":{"gpus":0,"cpus":1,"memoryGb":1,"timeLimitMinutes":30,
                          "constraint":"no-such-feature"},
             "scaling":{"minReplicas":1,"maxReplicas":1}}"""
                .formatted(name));
    assertEquals(201, created.status(), created::toString);
    Api user = access.as(access.key(access.tenant("view-r"), "user"));

    JsonObject status = null;
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (Instant.now().isBefore(deadline)) {
      status = admin.get("/api/models/" + name).json().getJsonObject("status");
      if ("backoff".equals(status.getString("state"))) {
        break;
      }
      Thread.sleep(200);
    }
    assertEquals("backoff", status.getString("state"), status::toString);
    assertTrue(status.getString("message").contains("no-such-feature"), "the admin's: " + status);

    JsonObject seen = user.get("/api/models/" + name).json().getJsonObject("status");
    assertEquals("backoff", seen.getString("state"));
    String message = seen.getString("message");
    assertTrue(message.contains("cannot start a replica"), message);
    assertFalse(message.contains("no-such-feature") || message.contains("asked for"), message);
    String openAi = user.get("/v1/models/" + name).json().getString("status_message");
    assertFalse(openAi.contains("no-such-feature") || openAi.contains("asked for"), openAi);
  }

  @Test
  void theApiDescriptionNamesBothViews() {
    JsonObject get =
        admin
            .get("/openapi?format=JSON")
            .json()
            .getJsonObject("paths")
            .getJsonObject("/api/models/{name}")
            .getJsonObject("get");
    String ok = get.getJsonObject("responses").getJsonObject("200").toString();
    assertTrue(ok.contains("ModelSummary") && ok.contains("#/components/schemas/Model\""), ok);
  }
}
