package org.slurmllm.routing.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class RoutingSettingsTest {

  static RoutingSettings settings(long coldSeconds, long upstreamSeconds, long readTimeoutMs) {
    RoutingSettings s = new RoutingSettings();
    s.queueTimeoutSeconds = 30;
    s.coldStartTimeoutSeconds = coldSeconds;
    s.upstreamTimeoutSeconds = upstreamSeconds;
    s.readTimeoutMillis = readTimeoutMs;
    return s;
  }

  @Test
  void theDefaultsAnswerEveryWaitBeforeTheListenerClosesItsConnection() {
    assertEquals(Optional.empty(), settings(120, 450, 600_000).unansweredWaits());
    assertEquals(Optional.empty(), settings(120, 450, 0).unansweredWaits(), "no read timeout");
  }

  @Test
  void aReadTimeoutWithinTheLongestWaitIsSaid() {
    // WildFly's own default, 90 s, cut a request waiting for its replica with no answer at all
    String warning = settings(120, 450, 90_000).unansweredWaits().orElseThrow();
    assertTrue(warning.contains("90000 ms") && warning.contains("120 s"), warning);
    assertTrue(settings(1, 2, 3_000).unansweredWaits().isPresent(), "3 s is not above 1 + 2 s");
  }
}
