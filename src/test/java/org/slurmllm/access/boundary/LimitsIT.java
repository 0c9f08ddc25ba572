package org.slurmllm.access.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slurmllm.testing.Access;
import org.slurmllm.testing.Access.Key;
import org.slurmllm.testing.Api;
import org.slurmllm.testing.Api.Reply;
import org.slurmllm.testing.Batches;
import org.slurmllm.testing.Deployments;
import org.slurmllm.testing.Eventually;
import org.slurmllm.testing.Models;
import org.slurmllm.testing.RemoveNewModels;

/** Per-key requests per minute, tokens per minute and token budget: 429 with Retry-After. */
@ExtendWith({ArquillianExtension.class, RemoveNewModels.class})
class LimitsIT {

  @Deployment(testable = false)
  static WebArchive app() {
    return Deployments.application();
  }

  final Api admin = Api.ofTestServer();

  final Access access = new Access(admin);

  static void limited(Reply r, String code, String words) {
    assertEquals(429, r.status(), r::toString);
    assertEquals("rate_limit_error", r.error().getString("type"));
    assertEquals(code, r.error().getString("code"));
    assertTrue(r.error().getString("message").contains(words), r::toString);
    assertTrue(
        Long.parseLong(r.header("Retry-After")) >= 1, "Retry-After: " + r.header("Retry-After"));
  }

  static String chat(String model) {
    return "{\"model\":\""
        + model
        + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello.\"}],"
        + "\"max_tokens\":8}";
  }

  @Test
  void requestsPerMinute() {
    String tenant = access.tenant("rpm");
    Api user = access.as(access.key(tenant, "user", "\"requestsPerMinute\":3"));
    for (int i = 0; i < 3; i++) {
      assertEquals(200, user.get("/v1/models").status(), "request " + i);
    }
    Reply refused = user.get("/v1/models");
    limited(refused, "rate_limit_exceeded", "3 requests per minute");
    assertEquals(20, Long.parseLong(refused.header("Retry-After")), "one request every 20 s");
    assertEquals(200, access.as(access.key(tenant, "user")).get("/v1/models").status(), "per key");
  }

  @Test
  void tokensPerMinuteAndBudget() {
    String model = Models.serving(admin, "lim", "instant", 8);
    String tenant = access.tenant("tpm");
    Api perMinute = access.as(access.key(tenant, "user", "\"tokensPerMinute\":1"));
    Reply first = perMinute.post("/v1/chat/completions", chat(model));
    assertEquals(200, first.status(), first::toString);
    assertTrue(first.json().getJsonObject("usage").getInt("total_tokens") > 1);
    limited(
        perMinute.post("/v1/chat/completions", chat(model)),
        "rate_limit_exceeded",
        "1 tokens per minute");

    // a request's worst case (its prompt, max_tokens) is held against the budget: one that may
    // use more than is left is refused before it runs
    Key budgeted = access.key(tenant, "user", "\"tokenBudget\":5");
    Api user = access.as(budgeted);
    limited(user.post("/v1/chat/completions", chat(model)), "budget_exceeded", "may use up to");

    Reply raised =
        admin.send(
            "PATCH", "/api/keys/" + budgeted.id(), "application/json", "{\"tokenBudget\":100000}");
    assertEquals(200, raised.status(), raised::toString);
    assertEquals(
        200, user.post("/v1/chat/completions", chat(model)).status(), "an admin raised it");

    Reply bad =
        admin.send(
            "PATCH", "/api/keys/" + budgeted.id(), "application/json", "{\"requestsPerMinute\":0}");
    assertEquals(400, bad.status());
    assertEquals("requestsPerMinute", bad.error().getString("param"));
  }

  @Test
  void workOfARevokedKeyStops() {
    String model = Models.serving(admin, "slow", "llama-3.1-70b", 8);
    String tenant = access.tenant("stop");

    // a tribunal: its first round runs, no later one starts
    Key tribunalKey = access.key(tenant, "user");
    Reply tribunal =
        access
            .as(tribunalKey)
            .post(
                "/api/tribunals",
                "{\"prompt\":\"Tell a story.\",\"panel\":[\"%s\"],\"judges\":[\"%s\"],\"rounds\":3,\"maxTokens\":30}"
                    .formatted(model, model));
    assertEquals(202, tribunal.status(), tribunal::toString);
    admin.delete("/api/keys/" + tribunalKey.id());
    String id = tribunal.json().getString("id");
    var ended =
        Eventually.await(
            "tribunal " + id + " ended",
            Duration.ofMinutes(2),
            () -> admin.get("/api/tribunals/" + id).json(),
            t -> List.of("completed", "failed").contains(t.getString("status")));
    assertEquals("failed", ended.getString("status"), ended::toString);
    assertTrue(ended.getString("error").contains("revoked"), ended::toString);
    assertTrue(
        ended.getJsonArray("steps").getValuesAs(JsonObject.class).stream()
            .allMatch(s -> s.getInt("round") == 1),
        "no round after the revocation: " + ended);

    // a batch: its chunk jobs are not submitted; every request is an error line saying why. It
    // waits for the tenant's two places among running batches, which two batches of a model that
    // loads for 20 s hold, so that the key is revoked before any of its chunks could start.
    Api colleague = access.as(access.key(tenant, "user"));
    String loading = Models.uniqueName("loading");
    assertEquals(
        201,
        admin
            .post(
                "/api/models",
                """
                {"name":"%s","engine":"sim","engineArgs":["--load-seconds","20"],
                 "resources":{"gpus":0,"cpus":1,"memoryGb":1,"timeLimitMinutes":30}}"""
                    .formatted(loading))
            .status());
    List<String> holding =
        List.of(
            Batches.start(colleague, loading, 1, "a", 4),
            Batches.start(colleague, loading, 1, "b", 4));
    for (String held : holding) {
      Eventually.await(
          "batch " + held + " in progress",
          Duration.ofMinutes(1),
          () -> admin.get("/v1/batches/" + held).json(),
          b -> b.getString("status", "").equals("in_progress"));
    }
    Key batchKey = access.key(tenant, "user");
    Api user = access.as(batchKey);
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      lines
          .append("{\"custom_id\":\"r")
          .append(i)
          .append("\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":")
          .append(chat(model))
          .append("}\n");
    }
    String file =
        user.upload(
                "/v1/files", "batch", "b.jsonl", lines.toString().getBytes(StandardCharsets.UTF_8))
            .json()
            .getString("id");
    String batch =
        user.post(
                "/v1/batches",
                "{\"input_file_id\":\""
                    + file
                    + "\",\"endpoint\":\"/v1/chat/completions\",\"completion_window\":\"24h\"}")
            .json()
            .getString("id");
    admin.delete("/api/keys/" + batchKey.id());
    var done =
        Eventually.await(
            "batch " + batch + " ended",
            Duration.ofMinutes(2),
            () -> admin.get("/v1/batches/" + batch).json(),
            b -> List.of("completed", "failed").contains(b.getString("status")));
    assertEquals(0, done.getJsonObject("request_counts").getInt("completed"), done::toString);
    assertEquals(20, done.getJsonObject("request_counts").getInt("failed"), done::toString);
    String errors = admin.get("/v1/files/" + done.getString("error_file_id") + "/content").body();
    assertTrue(errors.contains("revoked"), errors);
  }
}
