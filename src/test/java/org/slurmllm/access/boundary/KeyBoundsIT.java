package org.slurmllm.access.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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
 * What one key can make the gateway hold: its budget is reserved, not only checked, so requests at
 * once cannot overspend it; its requests in flight are bounded; {@code n} is bounded. Each abuse is
 * sent while another tenant's key is served.
 */
@ExtendWith({ArquillianExtension.class, RemoveNewModels.class})
class KeyBoundsIT {

  @Deployment(testable = false)
  static WebArchive app() {
    return Deployments.application();
  }

  final Api admin = Api.ofTestServer();

  final Access access = new Access(admin);

  static String chat(String model, int maxTokens, String extra) {
    return """
        {"model":"%s","messages":[{"role":"user","content":"Once upon a time"}],"max_tokens":%d%s}"""
        .formatted(model, maxTokens, extra);
  }

  static void ready(Api api, String model) {
    Eventually.await(
        model + " answers",
        Duration.ofMinutes(3),
        () -> api.post("/v1/chat/completions", chat(model, 4, "")).status(),
        status -> status == 200);
  }

  static List<Reply> all(List<CompletableFuture<Reply>> sent) {
    return sent.stream().map(CompletableFuture::join).toList();
  }

  static void refusedWithRetryAfter(Reply r) {
    assertEquals(429, r.status(), r::toString);
    assertEquals("rate_limit_error", r.error().getString("type"), r::toString);
    assertTrue(Long.parseLong(r.header("Retry-After")) >= 1, r::toString);
  }

  @Test
  void fortyRequestsAtOnceDoNotOverspendABudgetOf200() {
    String model = Models.tinyServing(admin, "kb-tiny");
    ready(admin, model);
    Key budgeted = access.key(access.tenant("kb-budget"), "user", "\"tokenBudget\":200");
    Api abuser = access.as(budgeted);
    Api other = access.as(access.key(access.tenant("kb-other"), "user"));

    List<CompletableFuture<Reply>> sent = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      sent.add(abuser.postAsync("/v1/chat/completions", chat(model, 50, "")));
    }
    Reply meanwhile = other.post("/v1/chat/completions", chat(model, 8, ""));
    List<Reply> replies = all(sent);
    assertEquals(200, meanwhile.status(), "another tenant is served meanwhile: " + meanwhile);

    long admitted = replies.stream().filter(r -> r.status() == 200).count();
    assertTrue(admitted >= 1, "at least one admitted: " + replies.get(0));
    replies.stream().filter(r -> r.status() != 200).forEach(KeyBoundsIT::refusedWithRetryAfter);
    long answered =
        replies.stream()
            .filter(r -> r.status() == 200)
            .mapToLong(r -> r.json().getJsonObject("usage").getInt("total_tokens"))
            .sum();
    assertTrue(answered > 0 && answered <= 200, "tokens answered: " + answered);
    // the ledger writes once a second: the key's count in the database, once written
    long used =
        Eventually.await(
            "the key's tokens written",
            Duration.ofSeconds(20),
            () ->
                admin
                    .get("/api/keys/" + budgeted.id())
                    .json()
                    .getJsonNumber("tokensUsed")
                    .longValue(),
            u -> u >= answered);
    assertEquals(answered, used, "every answered token charged once");
    assertTrue(used <= 200, "tokensUsed " + used + " of a budget of 200");
    System.out.printf(
        "budget 200, 40 at once, max_tokens 50: %d admitted, %d tokens used%n", admitted, used);
  }

  @Test
  void requestsInFlightAreBoundedAndNIsBounded() {
    String model = Models.serving(admin, "kb-slow", "llama-3.1-70b", 16);
    ready(admin, model);
    Key limited = access.key(access.tenant("kb-flight"), "user", "\"maxConcurrentRequests\":2");
    assertEquals(
        2,
        admin.get("/api/keys/" + limited.id()).json().getInt("maxConcurrentRequests"),
        "the keys API shows the field");
    Api abuser = access.as(limited);
    Api other = access.as(access.key(access.tenant("kb-neighbour"), "user"));

    // ten slow requests at once (about 4 s each): two run, eight are refused while they do
    List<Long> sentAt = new ArrayList<>();
    List<CompletableFuture<Reply>> sent = new ArrayList<>();
    List<Long> endedAt = new ArrayList<>(java.util.Collections.nCopies(10, 0L));
    for (int i = 0; i < 10; i++) {
      int k = i;
      sentAt.add(System.nanoTime());
      sent.add(
          abuser
              .postAsync("/v1/chat/completions", chat(model, 80, ""))
              .whenComplete((r, e) -> endedAt.set(k, System.nanoTime())));
    }
    Reply meanwhile = other.post("/v1/chat/completions", chat(model, 4, ""));
    List<Reply> replies = all(sent);
    assertEquals(200, meanwhile.status(), "another tenant is served meanwhile: " + meanwhile);

    List<Integer> ok = new ArrayList<>();
    List<Integer> refused = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      (replies.get(i).status() == 200 ? ok : refused).add(i);
    }
    // every refusal was answered while the admitted requests still ran: at the moment the last
    // was refused, exactly the admitted ones were in flight
    long lastRefused = refused.stream().mapToLong(endedAt::get).max().orElse(0);
    long firstAnswered = ok.stream().mapToLong(endedAt::get).min().orElse(Long.MAX_VALUE);
    assertTrue(lastRefused < firstAnswered, "the refusals came while the admitted ran");
    long lastSent = sentAt.stream().mapToLong(Long::longValue).max().orElseThrow();
    assertTrue(lastSent < firstAnswered, "all ten were sent while the admitted ran");
    assertEquals(2, ok.size(), "in flight at once: " + ok.size() + " of 10, " + replies);
    refused.forEach(i -> refusedWithRetryAfter(replies.get(i)));
    assertTrue(
        replies.get(refused.get(0)).error().getString("message").contains("2 requests in flight"),
        replies.get(refused.get(0))::toString);
    System.out.printf(
        "maxConcurrentRequests 2, 10 slow at once: %d answered, %d refused 429%n",
        ok.size(), refused.size());

    // n above the service's bound: a 400 naming n, before any replica is asked
    Reply many = other.post("/v1/chat/completions", chat(model, 4, ",\"n\":9"));
    assertEquals(400, many.status(), many::toString);
    assertEquals("n", many.error().getString("param"), many::toString);
    // the gateway's own bound (the worker refuses any n above 1 with a message of its own)
    assertTrue(many.error().getString("message").contains("at most 8"), many::toString);
    assertEquals(200, other.post("/v1/chat/completions", chat(model, 4, "")).status());
  }

  @Test
  void aBatchChunkTheBudgetCannotCoverIsNotRun() {
    String model = Models.serving(admin, "kb-batch", "instant", 8);
    Key budgeted = access.key(access.tenant("kb-batch"), "user", "\"tokenBudget\":300");
    Api user = access.as(budgeted);
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      lines
          .append("{\"custom_id\":\"r")
          .append(i)
          .append("\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":")
          .append(chat(model, 50, ""))
          .append("}\n");
    }
    String file =
        user.upload(
                "/v1/files",
                "batch",
                "b.jsonl",
                lines.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8))
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
    var done =
        Eventually.await(
            "batch " + batch + " ended",
            Duration.ofMinutes(2),
            () -> admin.get("/v1/batches/" + batch).json(),
            b -> List.of("completed", "failed").contains(b.getString("status")));
    assertEquals(20, done.getJsonObject("request_counts").getInt("failed"), done::toString);
    String errors = admin.get("/v1/files/" + done.getString("error_file_id") + "/content").body();
    assertTrue(errors.contains("may use up to"), errors);
    assertEquals(
        0,
        admin.get("/api/keys/" + budgeted.id()).json().getJsonNumber("tokensUsed").longValue(),
        "nothing ran, nothing spent");
  }
}
