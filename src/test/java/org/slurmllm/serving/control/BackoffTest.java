package org.slurmllm.serving.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.slurmllm.serving.control.Backoff.Attempt;
import org.slurmllm.serving.control.Backoff.Rule;

class BackoffTest {

  static final Instant T = Instant.parse("2026-11-23T10:00:00Z");
  static final Rule RULE = new Rule(3, Duration.ofSeconds(30), Duration.ofMinutes(5));

  static List<Attempt> failures(int n) {
    List<Attempt> list = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      list.add(new Attempt(true, false, T.minusSeconds(i)));
    }
    return list;
  }

  @Test
  void fewerFailuresThanTheThresholdDoNotBackOff() {
    assertEquals(Optional.empty(), Backoff.until(failures(2), RULE));
    assertEquals(Optional.empty(), Backoff.until(List.of(), RULE));
  }

  @Test
  void waitDoublesFromTheLastFailureUpToTheMaximum() {
    assertEquals(Optional.of(T.plusSeconds(30)), Backoff.until(failures(3), RULE));
    assertEquals(Optional.of(T.plusSeconds(60)), Backoff.until(failures(4), RULE));
    assertEquals(Optional.of(T.plusSeconds(120)), Backoff.until(failures(5), RULE));
    assertEquals(Optional.of(T.plus(Duration.ofMinutes(5))), Backoff.until(failures(40), RULE));
  }

  @Test
  void aReplicaThatServedOrStillRunsEndsTheStreak() {
    List<Attempt> history = new ArrayList<>(failures(2));
    history.add(new Attempt(true, true, T.minusSeconds(100)));
    history.addAll(failures(5));
    assertEquals(Optional.empty(), Backoff.until(history, RULE));

    List<Attempt> running = new ArrayList<>();
    running.add(new Attempt(false, false, T));
    running.addAll(failures(5));
    assertTrue(
        Backoff.until(running, RULE).isPresent(),
        "a replacement still starting does not hide the failures before it");
  }

  @Test
  void aRefusedJobBacksOffAtOnceAndEachFurtherRefusalDoublesTheWait() {
    List<Attempt> refused = List.of(new Attempt(true, false, T, true));
    assertEquals(Optional.of(T.plusSeconds(30)), Backoff.until(refused, RULE));
    List<Attempt> twice =
        List.of(
            new Attempt(true, false, T, true), new Attempt(true, false, T.minusSeconds(30), true));
    assertEquals(Optional.of(T.plusSeconds(60)), Backoff.until(twice, RULE));
    List<Attempt> servedSince =
        List.of(new Attempt(true, true, T), new Attempt(true, false, T.minusSeconds(9), true));
    assertEquals(Optional.empty(), Backoff.until(servedSince, RULE), "it served since");
  }
}
