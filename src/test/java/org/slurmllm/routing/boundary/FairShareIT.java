package org.slurmllm.routing.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
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
import org.slurmllm.testing.Scrape;

/**
 * A busy model on real SLURM (one sim replica with a 70B profile, about 0.4 s a request): a heavy
 * tenant's backlog does not make a light tenant wait behind it, a tenant's flood beyond its share
 * of the queue gets 429s that say so, and tiers go in their order whatever the arrival order (the
 * test server's settings: a queue of 8, 6 of one tenant's; flex waits at most 10 s).
 */
@ExtendWith({ArquillianExtension.class, RemoveNewModels.class})
class FairShareIT {

  static final String CHAT = "/v1/chat/completions";

  @Deployment(testable = false)
  static WebArchive app() {
    return Deployments.application();
  }

  final Api admin = Api.ofTestServer();
  final Access access = new Access(admin);

  static String chat(String model, String tier) {
    return """
        {"model":"%s","messages":[{"role":"user","content":"hi"}],"max_tokens":4%s}"""
        .formatted(model, tier == null ? "" : ",\"service_tier\":\"" + tier + "\"");
  }

  String busyModel(String prefix, int slots) {
    String model = Models.serving(admin, prefix, "llama-3.1-70b", slots);
    Eventually.await(
        model + " serving",
        Duration.ofSeconds(120),
        () -> admin.post(CHAT, chat(model, null)).status(),
        status -> status == 200);
    return model;
  }

  /** A request sent now, and when its answer came (System.nanoTime). */
  record Sent(CompletableFuture<Reply> reply, CompletableFuture<Long> doneAt) {
    static Sent of(Api api, String body) {
      CompletableFuture<Reply> reply = api.postAsync(CHAT, body);
      return new Sent(reply, reply.thenApply(r -> System.nanoTime()));
    }

    Reply answer() {
      return reply.join();
    }

    long at() {
      return doneAt.join();
    }
  }

  final Api management =
      new Api(URI.create("http://127.0.0.1:" + System.getProperty("it.management.port")));

  /** Waits until the model's queue holds {@code n} requests (the gateway's own meter). */
  void awaitWaiting(String model, int n) {
    Eventually.await(
        n + " requests waiting for " + model,
        Duration.ofSeconds(30),
        () ->
            Scrape.of(management.withKey(null).get("/metrics").body())
                .valueOrZero("slurmllm_queue_depth", "model", model),
        depth -> depth >= n);
  }

  /** Requests of the model that got a slot at the tier, so far. */
  double slotted(String model, String tier) {
    return Scrape.of(management.withKey(null).get("/metrics").body())
        .valueOrZero("slurmllm_queue_time_seconds_count", "model", model, "tier", tier);
  }

  @Test
  void aLightTenantIsServedAheadOfAHeavyTenantsBacklogAndTheFloodGetsItsShare() {
    String model = busyModel("fair", 2);
    String heavyTenant = access.tenant("heavy");
    Api heavy = access.as(access.key(heavyTenant, "user"));
    Api light = access.as(access.key(access.tenant("light"), "user"));

    // 20 at once: 2 run, 6 wait (the tenant's share of the queue of 8), 12 are refused
    List<Sent> flood =
        IntStream.range(0, 20).mapToObj(i -> Sent.of(heavy, chat(model, null))).toList();
    awaitWaiting(model, 6);
    JsonObject queue = admin.get("/api/models/" + model + "/queue").json();
    JsonObject row = queue.getJsonArray("data").getJsonObject(0);
    assertEquals(heavyTenant, row.getString("tenant"), queue::toString);
    assertEquals("default", row.getString("tier"), queue::toString);
    assertEquals(6, row.getInt("waiting"), queue::toString);
    Reply served = light.post(CHAT, chat(model, null));
    long heavyDone = flood.stream().filter(s -> s.doneAt().isDone()).count();

    assertEquals(200, served.status(), served::toString);
    assertEquals("default", served.json().getString("service_tier"), served::toString);
    // the heavy tenant's refusals come at once; of its served requests, only those in flight and
    // one turn's went before the light tenant's (first come, first served: all 6 waiting)
    List<Reply> heavyAnswers = flood.stream().map(Sent::answer).toList();
    List<Reply> refused = heavyAnswers.stream().filter(r -> r.status() == 429).toList();
    assertTrue(
        heavyDone - refused.size() <= 4,
        (heavyDone - refused.size()) + " of the heavy tenant's requests were served before");
    assertEquals(12, refused.size(), "refused beyond 2 running and 6 waiting");
    Reply first = refused.get(0);
    assertEquals("1", first.header("Retry-After"), first::toString);
    assertEquals("rate_limit_exceeded", first.error().getString("code"), first::toString);
    assertTrue(
        first.error().getString("message").contains("tenant's share of the queue"),
        first::toString);
    assertTrue(
        heavyAnswers.stream().allMatch(r -> r.status() == 200 || r.status() == 429),
        "every other request of the flood answered");
  }

  @Test
  void tiersGoInTheirOrderAndTheAnswerNamesTheTierThatServed() {
    String model = busyModel("tier", 1);
    Access.Key plain = access.key(access.tenant("tplain"), "user");
    Api flexTenant = access.as(access.key(access.tenant("tflex"), "user"));
    Api priorityTenant =
        access.as(access.key(access.tenant("tprio"), "user", "\"maxServiceTier\":\"priority\""));
    Api plainKey = access.as(plain);

    double before = slotted(model, "default");
    // takes the one slot for about 2 s, while the others line up
    Sent busy =
        Sent.of(plainKey, chat(model, null).replace("\"max_tokens\":4", "\"max_tokens\":40"));
    Eventually.await(
        "the first request in its slot",
        Duration.ofSeconds(30),
        () -> slotted(model, "default"),
        n -> n > before);
    Sent flex = Sent.of(flexTenant, chat(model, "flex")); // first to wait...
    awaitWaiting(model, 1);
    List<Sent> defaults = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      defaults.add(Sent.of(plainKey, chat(model, null)));
    }
    awaitWaiting(model, 6);
    Sent priority = Sent.of(priorityTenant, chat(model, "priority")); // ...last to come
    Sent capped = Sent.of(plainKey, chat(model, "priority")); // a key that may not use it

    assertEquals(200, busy.answer().status());
    assertEquals("priority", priority.answer().json().getString("service_tier"));
    assertEquals("flex", flex.answer().json().getString("service_tier"));
    assertEquals("default", capped.answer().json().getString("service_tier"));
    long beforePriority = defaults.stream().filter(d -> d.at() < priority.at()).count();
    assertTrue(beforePriority <= 1, beforePriority + " default requests served before priority");
    long beforeFlex = defaults.stream().filter(d -> d.at() < flex.at()).count();
    assertEquals(5, beforeFlex, "the flex request, first to wait, waits for every default one");
  }

  @Test
  void aTenantsWeightAndAKeysTiersAreCheckedAndBadOnesNamed() {
    String tenant = access.tenant("tw");
    for (String bad : new String[] {"0", "-1", "1001", "\"3\""}) {
      Reply r =
          admin.send(
              "PATCH", "/api/tenants/" + tenant, "application/json", "{\"weight\":" + bad + "}");
      assertEquals(400, r.status(), bad + ": " + r);
      assertEquals("weight", r.error().getString("param"), r::toString);
    }
    Reply weighted =
        admin.send("PATCH", "/api/tenants/" + tenant, "application/json", "{\"weight\":3}");
    assertEquals(200, weighted.status(), weighted::toString);
    assertEquals(3.0, weighted.json().getJsonNumber("weight").doubleValue());

    Reply gold =
        admin.post(
            "/api/keys",
            "{\"name\":\"k\",\"role\":\"user\",\"tenant\":\"%s\",\"maxServiceTier\":\"gold\"}"
                .formatted(tenant));
    assertEquals(400, gold.status(), gold::toString);
    assertEquals("maxServiceTier", gold.error().getString("param"), gold::toString);
    Reply above =
        admin.post(
            "/api/keys",
            "{\"name\":\"k\",\"role\":\"user\",\"tenant\":\"%s\",\"defaultServiceTier\":\"priority\"}"
                .formatted(tenant));
    assertEquals(400, above.status(), above::toString);
    assertEquals("defaultServiceTier", above.error().getString("param"), above::toString);
    assertTrue(
        admin.get("/api/keys?limit=1000").json().getJsonArray("data").stream()
            .noneMatch(k -> tenant.equals(k.asJsonObject().getString("tenant", null))),
        "nothing made by the refused requests");
  }

  @Test
  void aBadServiceTierIsA400NamingIt() {
    Api user = access.as(access.key(access.tenant("tbad"), "user"));
    Reply r = user.post(CHAT, chat("any-model", "scale"));
    assertEquals(400, r.status(), r::toString);
    assertEquals("service_tier", r.error().getString("param"), r::toString);
  }
}
