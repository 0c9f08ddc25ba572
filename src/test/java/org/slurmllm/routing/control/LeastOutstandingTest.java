package org.slurmllm.routing.control;

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

class LeastOutstandingTest {

  static Endpoint endpoint(int limit) {
    return new Endpoint(UUID.randomUUID(), "m", "n:1", limit);
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
  void circuitOpensAfterThreeFailuresAndHalfOpensAfterTheCoolDown() {
    CircuitBreaker b = CircuitBreaker.CLOSED.failed(0).failed(0);
    assertTrue(b.allows(1));
    b = b.failed(0);
    assertFalse(b.allows(1_000_000_000L));
    assertTrue(b.allows(CircuitBreaker.COOL_DOWN.toNanos() + 1));
  }
}
