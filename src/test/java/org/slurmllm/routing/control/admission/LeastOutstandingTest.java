package org.slurmllm.routing.control.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.slurmllm.routing.entity.Endpoint;
import org.slurmllm.routing.entity.ReportedLoad;

class LeastOutstandingTest {

  static Endpoint endpoint(int limit) {
    return new Endpoint(UUID.randomUUID(), "m", "n:1", limit, "1");
  }

  @Test
  void noReplicasOrAllFullMeansNoChoice() {
    assertEquals(
        Optional.empty(), LeastOutstanding.choose(List.of(), e -> 0, new SplittableRandom(1)));
    Endpoint full = endpoint(2);
    assertEquals(
        Optional.empty(), LeastOutstanding.choose(List.of(full), e -> 2, new SplittableRandom(1)));
  }

  @Test
  void ofTwoTheLessLoadedWins() {
    Endpoint busy = endpoint(10);
    Endpoint idle = endpoint(10);
    Map<Endpoint, Integer> load = Map.of(busy, 9, idle, 1);
    for (int seed = 0; seed < 20; seed++) {
      assertEquals(
          idle,
          LeastOutstanding.choose(List.of(busy, idle), load::get, new SplittableRandom(seed))
              .orElseThrow());
    }
  }

  @Test
  void loadIsNormalisedByEachReplicasLimit() {
    Endpoint big = endpoint(100);
    Endpoint small = endpoint(4);
    Map<Endpoint, Integer> load = Map.of(big, 10, small, 2);
    assertEquals(
        big,
        LeastOutstanding.choose(List.of(big, small), load::get, new SplittableRandom(3))
            .orElseThrow());
  }

  @Test
  void spreadsLoadAcrossManyReplicas() {
    List<Endpoint> endpoints =
        List.of(endpoint(1000), endpoint(1000), endpoint(1000), endpoint(1000));
    Map<Endpoint, Integer> load = new HashMap<>();
    endpoints.forEach(e -> load.put(e, 0));
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < 400; i++) {
      Endpoint chosen = LeastOutstanding.choose(endpoints, load::get, random).orElseThrow();
      load.merge(chosen, 1, Integer::sum);
    }
    int max = load.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
    int min = load.values().stream().mapToInt(Integer::intValue).min().orElseThrow();
    assertTrue(max - min <= 3, "balanced: " + load.values());
  }

  @Test
  void reportedLoadRanksButOnlyOwnRequestsFillAReplica() {
    Endpoint a = endpoint(4);
    Endpoint b = endpoint(4);
    Map<Endpoint, Integer> own = Map.of(a, 0, b, 1);
    Map<Endpoint, Integer> reported = Map.of(a, 40, b, 1); // a is swamped by another gateway
    for (int seed = 0; seed < 20; seed++) {
      assertEquals(
          b,
          LeastOutstanding.choose(
                  List.of(a, b), own::get, reported::get, new SplittableRandom(seed))
              .orElseThrow());
    }
    // a stale or foreign report never makes a replica "full": only this gateway's requests do
    assertEquals(
        a,
        LeastOutstanding.choose(List.of(a), own::get, reported::get, new SplittableRandom(1))
            .orElseThrow());
  }

  @Test
  void loadEstimateTrustsAFreshReportAndForgetsAStaleOne() {
    long now = 100_000_000_000L;
    assertEquals(3, LoadEstimate.of(3, null, now));
    assertEquals(7, LoadEstimate.of(3, new ReportedLoad(5, 2, now - 1_000_000), now));
    assertEquals(3, LoadEstimate.of(3, new ReportedLoad(1, 0, now), now), "own count is a floor");
    long stale = now - LoadEstimate.FRESH.toNanos() - 1;
    assertEquals(3, LoadEstimate.of(3, new ReportedLoad(50, 50, stale), now));
  }

  @Test
  void prometheusTextSumsEveryLabelSetOfTheMetric() {
    String text =
        """
        # HELP vllm:num_requests_running Number of requests currently running.
        # TYPE vllm:num_requests_running gauge
        vllm:num_requests_running{model_name="a"} 3.0
        vllm:num_requests_running{model_name="b",engine="0"} 2
        vllm:num_requests_running_total 99
        vllm:num_requests_waiting 4 1732350000000
        vllm:num_requests_swapped{model_name="a"} nonsense
        """;
    assertEquals(5.0, PrometheusText.sum(text, "vllm:num_requests_running").orElseThrow());
    assertEquals(4.0, PrometheusText.sum(text, "vllm:num_requests_waiting").orElseThrow());
    assertTrue(PrometheusText.sum(text, "vllm:num_requests_swapped").isEmpty());
    assertTrue(PrometheusText.sum("", "vllm:num_requests_running").isEmpty());
  }

  @Test
  void circuitOpensAfterThreeFailuresInARow() {
    CircuitBreaker b = CircuitBreaker.CLOSED.failed().failed();
    assertFalse(b.open());
    assertTrue(b.failed().open());
  }
}
