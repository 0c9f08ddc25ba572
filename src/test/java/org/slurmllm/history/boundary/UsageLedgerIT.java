package org.slurmllm.history.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slurmllm.testing.Access;
import org.slurmllm.testing.Access.Key;
import org.slurmllm.testing.Api;
import org.slurmllm.testing.Api.Reply;
import org.slurmllm.testing.Deployments;
import org.slurmllm.testing.Eventually;
import org.slurmllm.testing.Models;
import org.slurmllm.testing.RemoveNewModels;

/**
 * The usage ledger: a record per interactive request, batch request and tribunal step, totals that
 * add up, text only as the tenant's policy allows, and neither keys nor prompts in the log.
 */
@ExtendWith({ArquillianExtension.class, RemoveNewModels.class})
class UsageLedgerIT {

  @Deployment(testable = false)
  static WebArchive app() {
    return Deployments.application();
  }

  final Api admin = Api.ofTestServer();

  final Access access = new Access(admin);

  static String chat(String model, String text, String extra) {
    return "{\"model\":\""
        + model
        + "\",\"messages\":[{\"role\":\"user\",\"content\":\""
        + text
        + "\"}],\"max_tokens\":12"
        + extra
        + "}";
  }

  static int tokens(JsonObject usage) {
    return usage.getInt("prompt_tokens") + usage.getInt("completion_tokens");
  }

  @Test
  void totalsEqualTheSumOfTheRequestsMade() {
    String model = Models.serving(admin, "led", "instant", 8);
    String tenant = access.tenant("ledger");
    Key key = access.key(tenant, "user");
    Api user = access.as(key);
    String secretPrompt = "ledger-secret-" + UUID.randomUUID();

    int known = 0;
    int knownPrompt = 0;
    for (int i = 0; i < 2; i++) {
      Reply r = user.post("/v1/chat/completions", chat(model, secretPrompt + i, ""));
      assertEquals(200, r.status(), r::toString);
      known += tokens(r.json().getJsonObject("usage"));
      knownPrompt += r.json().getJsonObject("usage").getInt("prompt_tokens");
    }
    Reply completion =
        user.post(
            "/v1/completions",
            "{\"model\":\"" + model + "\",\"prompt\":\"" + secretPrompt + "\",\"max_tokens\":5}");
    assertEquals(200, completion.status(), completion::toString);
    known += tokens(completion.json().getJsonObject("usage"));
    knownPrompt += completion.json().getJsonObject("usage").getInt("prompt_tokens");

    Api.Streamed asked =
        user.stream(
            "/v1/chat/completions",
            chat(
                model,
                secretPrompt,
                ",\"stream\":true,\"stream_options\":{\"include_usage\":true}"));
    JsonObject streamedUsage =
        asked.events().stream()
            .filter(e -> e.containsKey("usage") && e.get("usage") != JsonValue.NULL)
            .findFirst()
            .orElseThrow()
            .getJsonObject("usage");
    known += tokens(streamedUsage);
    knownPrompt += streamedUsage.getInt("prompt_tokens");

    Api.Streamed notAsked =
        user.stream("/v1/chat/completions", chat(model, secretPrompt, ",\"stream\":true"));
    assertEquals("[DONE]", notAsked.data().get(notAsked.data().size() - 1));
    assertTrue(
        notAsked.events().stream()
            .noneMatch(e -> e.containsKey("usage") && e.get("usage") != JsonValue.NULL),
        "the usage chunk the gateway asked for is not passed to a client that did not: "
            + notAsked.data());

    JsonObject usage = usage("key=" + key.id(), 5);
    JsonObject totals = usage.getJsonObject("totals");
    assertEquals(5, totals.getJsonNumber("requests").longValue());
    List<JsonObject> records = usage.getJsonArray("data").getValuesAs(JsonObject.class);
    assertEquals(5, records.size());
    JsonObject hidden = records.get(0); // newest first: the stream that did not ask for usage
    assertTrue(hidden.getInt("completionTokens") > 0, hidden::toString);
    assertNotNull(hidden.get("timeToFirstTokenMs"));
    assertEquals(
        known + hidden.getInt("promptTokens") + hidden.getInt("completionTokens"),
        totals.getJsonNumber("totalTokens").longValue());
    assertEquals(
        knownPrompt + hidden.getInt("promptTokens"),
        totals.getJsonNumber("promptTokens").longValue());
    for (JsonObject r : records) {
      assertEquals(key.id(), r.getJsonNumber("keyId").longValue());
      assertEquals(tenant, r.getString("tenant"));
      assertEquals(model, r.getString("model"));
      assertEquals(200, r.getInt("status"));
      assertFalse(r.isNull("replicaId"), r::toString);
      assertFalse(r.isNull("slurmJobId"), "the replica's SLURM job: " + r);
      assertTrue(r.getInt("latencyMs") >= 0);
      assertFalse(r.containsKey("prompt") || r.containsKey("promptChars"), "policy none: " + r);
    }
    assertEquals(
        List.of("chat", "chat", "completion", "chat", "chat"),
        records.stream().map(r -> r.getString("kind")).toList());
    assertEquals(
        totals.getJsonNumber("totalTokens").longValue(),
        admin.get("/api/keys/" + key.id()).json().getJsonNumber("tokensUsed").longValue(),
        "the key's running count agrees with its records");

    // filters
    assertEquals(
        0,
        admin
            .get("/api/usage?key=" + key.id() + "&kind=batch")
            .json()
            .getJsonObject("totals")
            .getJsonNumber("requests")
            .longValue());
    assertEquals(
        0,
        admin
            .get("/api/usage?key=" + key.id() + "&from=2999-01-01T00:00:00Z")
            .json()
            .getJsonObject("totals")
            .getJsonNumber("requests")
            .longValue());
    assertEquals(
        1,
        admin
            .get("/api/usage?key=" + key.id() + "&kind=completion")
            .json()
            .getJsonObject("totals")
            .getJsonNumber("requests")
            .longValue());
    assertEquals("from", admin.get("/api/usage?from=yesterday").error().getString("param"));
    assertEquals("kind", admin.get("/api/usage?kind=images").error().getString("param"));

    // nothing of the key or the prompt in the server's log
    String log = serverLog();
    assertFalse(log.contains(key.secret()), "a key in the log");
    assertFalse(log.contains(Api.adminKey()), "the admin key in the log");
    assertFalse(log.contains(secretPrompt), "a prompt in the log");
  }

  @Test
  void theTenantsPolicySaysWhatIsKeptOfTheText() {
    String model = Models.serving(admin, "led", "instant", 8);
    String full = access.tenant("full", "full");
    String metadata = access.tenant("meta", "metadata");
    Key fullKey = access.key(full, "user");
    Key metaKey = access.key(metadata, "user");
    Reply answer = access.as(fullKey).post("/v1/chat/completions", chat(model, "keep me", ""));
    assertEquals(200, answer.status(), answer::toString);
    access.as(metaKey).post("/v1/chat/completions", chat(model, "count me", ""));

    JsonObject fullRecord = usage("key=" + fullKey.id(), 1).getJsonArray("data").getJsonObject(0);
    assertTrue(fullRecord.getString("prompt").contains("keep me"), fullRecord::toString);
    assertEquals(
        answer
            .json()
            .getJsonArray("choices")
            .getJsonObject(0)
            .getJsonObject("message")
            .getString("content"),
        fullRecord.getString("completion"));
    JsonObject metaRecord = usage("key=" + metaKey.id(), 1).getJsonArray("data").getJsonObject(0);
    assertEquals("count me".length(), metaRecord.getInt("promptChars"));
    assertTrue(metaRecord.getInt("completionChars") > 0);
    assertNull(metaRecord.get("prompt"));
  }

  @Test
  void batchRequestsAndTribunalStepsAreRecorded() {
    String model = Models.serving(admin, "led", "instant", 8);
    String tenant = access.tenant("bulk-led");
    Key key = access.key(tenant, "user");
    Api user = access.as(key);
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < 3; i++) {
      lines
          .append("{\"custom_id\":\"r")
          .append(i)
          .append("\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":")
          .append(chat(model, "line " + i, ""))
          .append("}\n");
    }
    String file =
        user.upload(
                "/v1/files", "batch", "l.jsonl", lines.toString().getBytes(StandardCharsets.UTF_8))
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
    Eventually.await(
        "batch completed",
        Duration.ofMinutes(3),
        () -> user.get("/v1/batches/" + batch).json(),
        b -> b.getString("status").equals("completed"));

    JsonObject batchUsage = usage("key=" + key.id() + "&kind=batch", 3);
    assertEquals(3, batchUsage.getJsonObject("totals").getJsonNumber("requests").longValue());
    for (JsonObject r : batchUsage.getJsonArray("data").getValuesAs(JsonObject.class)) {
      assertEquals(batch, r.getString("reference"));
      assertFalse(r.isNull("slurmJobId"), "the chunk's job: " + r);
      assertTrue(r.getInt("completionTokens") > 0, r::toString);
    }

    String tribunal =
        user.post(
                "/api/tribunals",
                "{\"prompt\":\"Name a prime.\",\"panel\":[\""
                    + model
                    + "\"],\"judges\":[\""
                    + model
                    + "\"],\"rounds\":1,\"quorum\":1}")
            .json()
            .getString("id");
    JsonObject done =
        Eventually.await(
            "tribunal ended",
            Duration.ofMinutes(2),
            () -> user.get("/api/tribunals/" + tribunal).json(),
            t -> List.of("completed", "failed").contains(t.getString("status")));
    int steps = done.getJsonArray("steps").size();
    JsonObject tribunalUsage = usage("key=" + key.id() + "&kind=tribunal", steps);
    assertEquals(
        steps, tribunalUsage.getJsonObject("totals").getJsonNumber("requests").longValue());
    assertTrue(
        tribunalUsage.getJsonArray("data").getValuesAs(JsonObject.class).stream()
            .allMatch(r -> r.getString("reference").equals(tribunal)));
  }

  @Test
  void aClientThatLeavesMidStreamIsChargedAndFreesItsSlot() throws Exception {
    String model = Models.serving(admin, "leave", "llama-3.1-70b", 1);
    Key key = access.key(access.tenant("leave"), "user");
    Api user = access.as(key);
    assertEquals(200, user.post("/v1/chat/completions", chat(model, "warm", "")).status());

    // a raw connection, so that leaving is abrupt: three events read, then the socket closed
    String body =
        "{\"model\":\""
            + model
            + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Tell a long story.\"}],"
            + "\"max_tokens\":300,\"stream\":true}";
    URI base = URI.create("http://127.0.0.1:" + System.getProperty("it.http.port", "8180"));
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      socket
          .getOutputStream()
          .write(
              ("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                      + key.secret()
                      + "\r\nContent-Type: application/json\r\nContent-Length: "
                      + body.getBytes(StandardCharsets.UTF_8).length
                      + "\r\n\r\n"
                      + body)
                  .getBytes(StandardCharsets.UTF_8));
      var in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      int events = 0;
      for (String line = in.readLine(); line != null && events < 3; line = in.readLine()) {
        events += line.startsWith("data: {") ? 1 : 0;
      }
      assertEquals(3, events);
    }

    // one slot per replica: had the gone request kept it, this one would wait and get a 429
    Reply next = user.post("/v1/chat/completions", chat(model, "next", ""));
    assertEquals(200, next.status(), next::toString);
    JsonObject left =
        usage("key=" + key.id(), 3).getJsonArray("data").getValuesAs(JsonObject.class).stream()
            .filter(r -> r.getInt("status") == 499)
            .findFirst()
            .orElseThrow();
    assertTrue(left.getInt("completionTokens") >= 3, "charged for what it was sent: " + left);
    assertTrue(left.getInt("promptTokens") >= 1, left::toString);
  }

  /**
   * The usage the query selects, once it counts the expected requests: records reach the database
   * within about a second (the ledger's writer), never on the request thread.
   */
  JsonObject usage(String query, long requests) {
    return Eventually.await(
        requests + " usage records for " + query,
        Duration.ofSeconds(15),
        () -> admin.get("/api/usage?" + query).json(),
        u -> u.getJsonObject("totals").getJsonNumber("requests").longValue() >= requests);
  }

  static String serverLog() {
    try {
      return Files.readString(Path.of(System.getProperty("it.server.base"), "log", "server.log"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
