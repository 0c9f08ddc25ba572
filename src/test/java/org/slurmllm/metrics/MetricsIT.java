package org.slurmllm.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slurmllm.testing.Api;
import org.slurmllm.testing.Deployments;
import org.slurmllm.testing.Eventually;
import org.slurmllm.testing.Models;
import org.slurmllm.testing.RemoveNewModels;
import org.slurmllm.testing.Scrape;

/** Prometheus text at /metrics on the management port, with the application's meters. */
@ExtendWith({ArquillianExtension.class, RemoveNewModels.class})
class MetricsIT {

  static final String CHAT = "/v1/chat/completions";

  @Deployment(testable = false)
  static WebArchive app() {
    return Deployments.application();
  }

  final Api admin = Api.ofTestServer();
  final Api management =
      new Api(URI.create("http://127.0.0.1:" + System.getProperty("it.management.port")));

  Scrape scrape() {
    Api.Reply r = management.withKey(null).get("/metrics");
    assertEquals(200, r.status(), r::body);
    return Scrape.of(r.body());
  }

  String chat(String model, boolean stream) {
    return """
        {"model":"%s","messages":[{"role":"user","content":"hi"}],"max_tokens":5,"stream":%s}"""
        .formatted(model, stream);
  }

  @Test
  void requestsAreCountedByModelEndpointAndStatusWithLatencyHistogramsAndTokens() {
    String model = Models.serving(admin, "met", "instant", 8);
    assertEquals(200, admin.post(CHAT, chat(model, false)).status()); // READY, then measured
    Scrape before = scrape();
    String[] ok = {"model", model, "endpoint", CHAT, "status", "200"};
    double served = before.valueOrZero("slurmllm_requests_total", ok);
    double ttfts = before.valueOrZero("slurmllm_time_to_first_token_seconds_count", "model", model);
    double completion =
        before.valueOrZero("slurmllm_tokens_total", "model", model, "kind", "completion");
    double unknown =
        before.valueOrZero(
            "slurmllm_requests_total", "model", "none", "endpoint", CHAT, "status", "404");

    for (int i = 0; i < 3; i++) {
      assertEquals(200, admin.post(CHAT, chat(model, false)).status());
      assertEquals(200, admin.stream(CHAT, chat(model, true)).status());
    }
    assertEquals(404, admin.post(CHAT, chat("no-such-model-" + model, false)).status());

    // counted when each exchange completes, a moment after its last byte
    Scrape after =
        Eventually.await(
            "six more requests counted",
            Duration.ofSeconds(10),
            this::scrape,
            s -> s.valueOrZero("slurmllm_requests_total", ok) >= served + 6);
    assertEquals(served + 6, after.valueOrZero("slurmllm_requests_total", ok));
    assertEquals(
        unknown + 1,
        after.valueOrZero(
            "slurmllm_requests_total", "model", "none", "endpoint", CHAT, "status", "404"),
        "a model that does not exist is counted as none, not by its name");
    assertEquals(
        ttfts + 6, after.valueOrZero("slurmllm_time_to_first_token_seconds_count", "model", model));
    assertTrue(
        after.valueOrZero("slurmllm_tokens_total", "model", model, "kind", "completion")
            >= completion + 6,
        "completion tokens counted");
    assertTrue(after.valueOrZero("slurmllm_tokens_total", "model", model, "kind", "prompt") > 0);

    // histograms with buckets from 10 ms to 120 s
    for (String histogram :
        List.of("slurmllm_request_duration_seconds", "slurmllm_time_to_first_token_seconds")) {
      for (String le : List.of("0.01", "0.5", "120.0", "+Inf")) {
        assertFalse(
            after.find(histogram + "_bucket", "model", model, "le", le).isEmpty(),
            histogram + " bucket " + le + " in:\n" + lines(after, histogram));
      }
    }
    assertEquals(
        after.valueOrZero("slurmllm_time_to_first_token_seconds_count", "model", model),
        after.valueOrZero(
            "slurmllm_time_to_first_token_seconds_bucket", "model", model, "le", "+Inf"));
  }

  @Test
  void queuesRefusalsRetriesCircuitsReplicasAndSchedulerCallsAreThere() {
    String model = Models.serving(admin, "met", "instant", 8);
    assertEquals(200, admin.post(CHAT, chat(model, false)).status());
    Scrape s =
        Eventually.await(
            "the replica counted as READY and its circuit shown",
            Duration.ofSeconds(20),
            this::scrape,
            x ->
                x.valueOrZero("slurmllm_replicas", "model", model, "state", "READY") == 1
                    && !x.find("slurmllm_circuit_open", "model", model).isEmpty());
    assertEquals(0, s.value("slurmllm_queue_depth", "model", model).orElseThrow());
    for (String reason : List.of("queue_full", "queue_timeout", "no_replica")) {
      assertEquals(
          0,
          s.value("slurmllm_admission_refused_total", "model", model, "reason", reason)
              .orElseThrow(),
          reason);
    }
    assertEquals(0, s.value("slurmllm_upstream_retries_total", "model", model).orElseThrow());
    assertEquals(
        1,
        s.find("slurmllm_circuit_open", "model", model).size(),
        () -> lines(s, "slurmllm_circuit_open"));
    assertEquals(0, s.find("slurmllm_circuit_open", "model", model).get(0).value());
    assertEquals(0, s.valueOrZero("slurmllm_replicas", "model", model, "state", "PENDING"));
    assertTrue(s.valueOrZero("slurmllm_replica_start_seconds_count", "model", model) >= 1);
    assertTrue(
        s.valueOrZero("slurmllm_scheduler_calls_total", "op", "submit", "outcome", "ok") >= 1);
    assertTrue(
        s.valueOrZero("slurmllm_scheduler_calls_total", "op", "status", "outcome", "ok") >= 1);
    for (String state : List.of("completed", "failed")) {
      assertTrue(s.value("slurmllm_batch_requests_total", "state", state).isPresent(), state);
    }
    for (String state : List.of("PENDING", "SUBMITTED", "RUNNING")) {
      assertTrue(s.value("slurmllm_batch_chunks", "state", state).isPresent(), state);
    }
    for (String state : List.of("queued", "completed", "failed", "cancelled")) {
      assertTrue(s.value("slurmllm_tribunals_total", "state", state).isPresent(), state);
    }
    assertTrue(s.value("slurmllm_usage_records_dropped_total").isPresent());
    assertTrue(s.value("slurmllm_usage_records_pending").isPresent());
  }

  @Test
  void noMeterIsLabelledByKeyAndNoSecretIsShown() {
    String model = Models.serving(admin, "met", "instant", 8);
    assertEquals(200, admin.post(CHAT, chat(model, false)).status());
    Scrape s = scrape();
    List<Scrape.Sample> ours =
        s.samples().stream().filter(x -> x.name().startsWith("slurmllm_")).toList();
    assertFalse(ours.isEmpty());
    for (Scrape.Sample sample : ours) {
      assertFalse(
          sample.labels().keySet().stream().anyMatch(l -> l.contains("key")), sample.toString());
    }
    assertFalse(s.text().contains(Api.adminKey()), "the admin key is not in the metrics");
    assertFalse(
        Pattern.compile("sk-[A-Za-z0-9_-]{16,}").matcher(s.text()).find(), "no key in the metrics");
  }

  @Test
  void theApiPortHasNoMetricsAndTheManagementPortNeedsNoKey() {
    assertEquals(200, management.withKey(null).get("/metrics").status());
    assertEquals(404, admin.get("/metrics").status());
  }

  static String lines(Scrape s, String name) {
    return String.join("\n", s.text().lines().filter(l -> l.startsWith(name)).limit(40).toList());
  }
}
