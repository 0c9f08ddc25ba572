package org.slurmllm.fleet.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LivenessTest {

  @Test
  void aGatewayWhoseHeartbeatIsStaleIsGone() {
    Instant now = Instant.parse("2026-11-30T12:00:00Z");
    Map<String, Instant> beats =
        Map.of(
            "a:8080", now.minusSeconds(4),
            "b:8080", now.minus(Liveness.TIMEOUT),
            "c:8080", now.minus(Liveness.TIMEOUT).minusSeconds(1));
    assertEquals(Set.of("a:8080", "b:8080"), Liveness.alive(beats, now));
  }
}
