package org.slurmllm.tribunal.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
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
import org.slurmllm.testing.Eventually;
import org.slurmllm.testing.Models;
import org.slurmllm.testing.RemoveNewModels;

/**
 * The bounds on tribunals at the test server's settings (the defaults: 4 per key, a queue of 64
 * behind 8 runners, prompts of 256 KiB, panels of 8, 5 rounds): each abusive request gets the API's
 * error body and the others are served meanwhile.
 */
@ExtendWith({ArquillianExtension.class, RemoveNewModels.class})
class TribunalBoundsIT {

  static final int PER_KEY = 4;
  static final int QUEUE = 64;
  static final int THREADS = 8;
  static final Set<String> ENDED = Set.of("completed", "failed", "cancelled");

  @Deployment(testable = false)
  static WebArchive app() {
    return Deployments.application();
  }

  final Api admin = Api.ofTestServer();
  final Access access = new Access(admin);

  /** A tribunal that takes a while (a 70B-like proposer, about 5 s a call, three rounds). */
  static String slow(String proposer, String judge, int n) {
    return """
        {"prompt":"Tell long story %d.","panel":["%s"],"judges":["%s"],"rounds":3,"quorum":1,
         "maxTokens":100}"""
        .formatted(n, proposer, judge);
  }

  static String quick(String proposer, String judge) {
    return """
        {"prompt":"Name a prime number.","panel":["%s"],"judges":["%s"],"rounds":1,"quorum":1,
         "maxTokens":8}"""
        .formatted(proposer, judge);
  }

  void cancelAndAwaitEnd(List<String> ids) {
    ids.forEach(id -> admin.post("/api/tribunals/" + id + "/cancel", ""));
    for (String id : ids) {
      Eventually.await(
          "tribunal " + id + " ended",
          Duration.ofSeconds(120),
          () -> admin.get("/api/tribunals/" + id).json().getString("status"),
          ENDED::contains);
    }
  }

  void awaitServing(String model) {
    Eventually.await(
        model + " serving",
        Duration.ofSeconds(120),
        () -> admin.get("/v1/models/" + model).body(),
        body -> body.contains("\"status\":\"serving\""));
  }

  static void assertTooMany(Reply r, String code) {
    assertEquals(429, r.status(), r::toString);
    assertEquals("10", r.header("Retry-After"), r::toString);
    assertEquals(code, r.error().getString("code"), r::toString);
    assertEquals("rate_limit_error", r.error().getString("type"), r::toString);
  }

  @Test
  void aKeyOverItsMostGets429WhileAnotherKeysTribunalRuns() {
    String slowModel = Models.serving(admin, "tbs", "llama-3.1-70b", 16);
    String fast = Models.serving(admin, "tbf", "instant", 16);
    awaitServing(slowModel);
    String tenant = access.tenant("tbk");
    Api a = access.as(access.key(tenant, "user"));
    Api b = access.as(access.key(tenant, "user"));
    List<String> held = new ArrayList<>();
    try {
      for (int i = 0; i < PER_KEY; i++) {
        Reply r = a.post("/api/tribunals", slow(slowModel, fast, i));
        assertEquals(202, r.status(), r::toString);
        held.add(r.json().getString("id"));
      }
      Reply over = a.post("/api/tribunals", slow(slowModel, fast, 99));
      assertTooMany(over, "too_many_tribunals");
      int listed = a.get("/api/tribunals?limit=100").json().getJsonArray("data").size();
      assertEquals(PER_KEY, listed, "nothing recorded for the refused one");

      // another key of the same tenant starts one, and it runs to its verdict meanwhile
      Reply other = b.post("/api/tribunals", quick(fast, fast));
      assertEquals(202, other.status(), other::toString);
      String otherId = other.json().getString("id");
      JsonObject done =
          Eventually.await(
              "the other key's tribunal ended",
              Duration.ofSeconds(120),
              () -> b.get("/api/tribunals/" + otherId).json(),
              t -> ENDED.contains(t.getString("status")));
      assertEquals("completed", done.getString("status"), done::toString);
      for (String id : held) {
        assertTrue(
            Set.of("queued", "running")
                .contains(admin.get("/api/tribunals/" + id).json().getString("status")),
            "the key's own tribunals still run");
      }

      // once they end, the key may start again
      cancelAndAwaitEnd(held);
      Reply again =
          Eventually.await(
              "the key admitted again",
              Duration.ofSeconds(30),
              () -> a.post("/api/tribunals", quick(fast, fast)),
              r -> r.status() != 429);
      assertEquals(202, again.status(), again::toString);
      held.add(again.json().getString("id"));
    } finally {
      cancelAndAwaitEnd(held);
    }
  }

  @Test
  void promptPanelAndRoundsOverTheirBoundsAre400sNamingEveryField() {
    String fast = Models.serving(admin, "tbv", "instant", 16);
    String tenant = access.tenant("tbv");
    Api user = access.as(access.key(tenant, "user"));
    JsonArrayBuilder nine = Json.createArrayBuilder();
    for (int i = 0; i < 9; i++) {
      nine.add(fast);
    }
    String body =
        Json.createObjectBuilder()
            .add("prompt", "x".repeat(4 * 1024 * 1024)) // 4 MB: under the JSON bound, over this
            .add("panel", nine)
            .add("judges", Json.createArrayBuilder().add(fast))
            .add("rounds", 6)
            .build()
            .toString();
    Reply r = user.post("/api/tribunals", body);
    assertEquals(400, r.status(), () -> r.toString().substring(0, 300));
    assertEquals("prompt,panel,rounds", r.error().getString("param"), r::toString);
    String message = r.error().getString("message");
    assertTrue(message.contains("prompt: at most 262144 bytes"), message);
    assertTrue(message.contains("panel: at most 8 models"), message);
    assertTrue(message.contains("rounds: from 1 to 5"), message);
    assertEquals(0, user.get("/api/tribunals?limit=10").json().getJsonArray("data").size());

    // the service goes on: the same key's right-sized tribunal reaches its verdict
    Reply ok = user.post("/api/tribunals", quick(fast, fast));
    assertEquals(202, ok.status(), ok::toString);
    String id = ok.json().getString("id");
    JsonObject t =
        Eventually.await(
            "ended",
            Duration.ofSeconds(120),
            () -> user.get("/api/tribunals/" + id).json(),
            x -> ENDED.contains(x.getString("status")));
    assertEquals("completed", t.getString("status"), t::toString);
  }

  @Test
  void aFullQueueGets429WithRetryAfterAndChatIsServedMeanwhile() {
    String slowModel = Models.serving(admin, "tbq", "llama-3.1-70b", 16);
    String fast = Models.serving(admin, "tbc", "instant", 16);
    awaitServing(slowModel);
    List<String> accepted = new ArrayList<>();
    try {
      Reply refused = null;
      // admin keys are not limited per key: only the queue's bound stops them
      for (int i = 0; i < QUEUE + THREADS + 8 && refused == null; i++) {
        Reply r = admin.post("/api/tribunals", slow(slowModel, fast, i));
        if (r.status() == 202) {
          accepted.add(r.json().getString("id"));
        } else {
          refused = r;
        }
      }
      assertTrue(refused != null, "no refusal after " + accepted.size() + " tribunals");
      assertTooMany(refused, "tribunal_queue_full");
      assertTrue(
          accepted.size() >= QUEUE && accepted.size() <= QUEUE + THREADS,
          "refused after " + accepted.size() + " (queue " + QUEUE + ", runners " + THREADS + ")");

      // another tenant's key: its tribunal too waits for room, its chat is answered at once
      String tenant = access.tenant("tbq");
      Api other = access.as(access.key(tenant, "user"));
      assertTooMany(other.post("/api/tribunals", quick(fast, fast)), "tribunal_queue_full");
      Reply chat =
          other.post(
              "/v1/chat/completions",
              """
              {"model":"%s","messages":[{"role":"user","content":"hi"}],"max_tokens":4}"""
                  .formatted(fast));
      assertEquals(200, chat.status(), chat::toString);
    } finally {
      cancelAndAwaitEnd(accepted);
    }
    // the queue drains: a tribunal is accepted again
    Reply after =
        Eventually.await(
            "the queue drained",
            Duration.ofSeconds(60),
            () -> admin.post("/api/tribunals", quick(fast, fast)),
            r -> r.status() != 429);
    assertEquals(202, after.status(), after::toString);
    cancelAndAwaitEnd(List.of(after.json().getString("id")));
  }
}
