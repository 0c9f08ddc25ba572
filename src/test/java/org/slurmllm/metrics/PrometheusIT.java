package org.slurmllm.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slurmllm.testing.Api;
import org.slurmllm.testing.Deployments;
import org.slurmllm.testing.Eventually;
import org.slurmllm.testing.Models;
import org.slurmllm.testing.RemoveNewModels;

/**
 * A real Prometheus (Debian's package) scrapes the test server with the project's own scrape
 * configuration; after traffic, the request rate and the p95 time to first token have values, and
 * every query of the project's Grafana dashboard is one Prometheus accepts.
 */
@ExtendWith({ArquillianExtension.class, RemoveNewModels.class})
class PrometheusIT {

  static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
  static final Path SCRAPE_CONFIG = Path.of("src/main/monitoring/prometheus.yml");
  static final Path DASHBOARD = Path.of("src/main/monitoring/grafana-dashboard.json");

  @Deployment(testable = false)
  static WebArchive app() {
    return Deployments.application();
  }

  @TempDir Path work;
  final Api admin = Api.ofTestServer();
  final HttpClient http = HttpClient.newHttpClient();
  Process prometheus;
  int port;

  @AfterEach
  void stop() throws Exception {
    if (prometheus != null) {
      prometheus.destroy();
      prometheus.waitFor();
    }
  }

  void start() throws Exception {
    assertTrue(
        Files.isExecutable(PROMETHEUS),
        "Prometheus is not installed (bin/slurm-llm test installs Debian's prometheus)");
    String config =
        Files.readString(SCRAPE_CONFIG)
            .replace("127.0.0.1:9990", "127.0.0.1:" + System.getProperty("it.management.port"))
            .replace("scrape_interval: 15s", "scrape_interval: 1s");
    assertTrue(config.contains(System.getProperty("it.management.port")), "target replaced");
    Files.writeString(work.resolve("prometheus.yml"), config);
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    prometheus =
        new ProcessBuilder(
                PROMETHEUS.toString(),
                "--config.file=" + work.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + work.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port)
            .redirectErrorStream(true)
            .redirectOutput(work.resolve("prometheus.log").toFile())
            .start();
    Eventually.await(
        "the gateway scraped (up == 1)",
        Duration.ofSeconds(60),
        () -> query("up{job=\"slurm-llm\"}"),
        r ->
            r.getString("status").equals("success")
                && r.getJsonObject("data").getJsonArray("result").size() == 1
                && value(r.getJsonObject("data").getJsonArray("result").getJsonObject(0)) == 1);
  }

  /** The result vector of an instant query (the query must succeed). */
  List<JsonObject> result(String promql) {
    JsonObject answer = query(promql);
    assertEquals("success", answer.getString("status"), promql + ": " + answer);
    List<JsonObject> rows = new ArrayList<>();
    JsonObject data = answer.getJsonObject("data");
    if (data.getString("resultType").equals("vector")) {
      data.getJsonArray("result").forEach(v -> rows.add(v.asJsonObject()));
    }
    return rows;
  }

  JsonObject query(String promql) {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(
                          "http://127.0.0.1:"
                              + port
                              + "/api/v1/query?query="
                              + URLEncoder.encode(promql, StandardCharsets.UTF_8)))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return Json.createReader(new StringReader(r.body())).readObject();
    } catch (Exception e) {
      return Json.createObjectBuilder()
          .add("status", "unreachable")
          .add("error", e.toString())
          .build();
    }
  }

  static double value(JsonObject row) {
    return Double.parseDouble(row.getJsonArray("value").getString(1));
  }

  @Test
  void afterTrafficTheRequestRateAndTheP95TimeToFirstTokenHaveValues() throws Exception {
    start();
    String model = Models.serving(admin, "prom", "llama-3.2-1b", 8);
    String chat =
        """
        {"model":"%s","messages":[{"role":"user","content":"hi"}],"max_tokens":4,"stream":true}"""
            .formatted(model);
    assertEquals(200, admin.stream("/v1/chat/completions", chat).status()); // READY
    long end = System.nanoTime() + Duration.ofSeconds(6).toNanos();
    int sent = 0;
    while (System.nanoTime() < end) {
      assertEquals(200, admin.stream("/v1/chat/completions", chat).status());
      sent++;
    }
    assertTrue(sent > 10, "requests sent: " + sent);

    String rate = "sum(rate(slurmllm_requests_total{model=\"" + model + "\"}[30s]))";
    List<JsonObject> rates =
        Eventually.await(
            "a request rate", Duration.ofSeconds(20), () -> result(rate), r -> positive(r));
    String p95 =
        "histogram_quantile(0.95, sum by (le) (rate(slurmllm_time_to_first_token_seconds_bucket{model=\""
            + model
            + "\"}[30s])))";
    List<JsonObject> ttft =
        Eventually.await(
            "a p95 time to first token",
            Duration.ofSeconds(20),
            () -> result(p95),
            r -> positive(r));
    double seconds = value(ttft.get(0));
    // the 1B profile answers its first token after 15 ms: p95 lies in the bucket above it
    assertTrue(seconds > 0.01 && seconds <= 0.1, "p95 TTFT " + seconds + " s; rate " + rates);
  }

  static boolean positive(List<JsonObject> rows) {
    return rows.size() == 1 && !Double.isNaN(value(rows.get(0))) && value(rows.get(0)) > 0;
  }

  @Test
  void everyQueryOfTheDashboardIsValidPromql() throws Exception {
    start();
    JsonObject dashboard =
        Json.createReader(new StringReader(Files.readString(DASHBOARD))).readObject();
    JsonArray panels = dashboard.getJsonArray("panels");
    assertTrue(panels.size() >= 10, "panels: " + panels.size());
    int queries = 0;
    for (JsonValue p : panels) {
      for (JsonValue t : p.asJsonObject().getJsonArray("targets")) {
        String expr =
            t.asJsonObject()
                .getString("expr")
                .replace("$__rate_interval", "1m")
                .replace("$model", ".*");
        JsonObject answer = query(expr);
        assertEquals(
            "success",
            answer.getString("status"),
            p.asJsonObject().getString("title") + ": " + expr + " -> " + answer);
        queries++;
      }
    }
    assertFalse(queries == 0);
  }
}
