package org.slurmllm.serving.control;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.slurmllm.serving.entity.ReplicaSuspected;

class ProbeScheduleTest {

  static ProbeSchedule schedule() {
    ProbeSchedule s = new ProbeSchedule();
    s.settings = new ServingSettings();
    s.settings.probeIntervalMs = 5_000;
    return s;
  }

  final Instant t0 = Instant.parse("2026-12-07T10:00:00Z");
  final UUID replica = UUID.randomUUID();

  @Test
  void aHealthyReplicaIsProbedOncePerInterval() {
    ProbeSchedule s = schedule();
    assertTrue(s.due(replica, t0, 0));
    assertFalse(s.due(replica, t0.plusSeconds(2), 0));
    assertTrue(s.due(replica, t0.plusSeconds(5), 0));
  }

  @Test
  void oneWhoseProbeFailedIsProbedEverySecond() {
    ProbeSchedule s = schedule();
    assertTrue(s.due(replica, t0, 1));
    assertFalse(s.due(replica, t0.plusMillis(500), 1));
    assertTrue(s.due(replica, t0.plusSeconds(1), 1));
  }

  @Test
  void aRequestThatCouldNotReachItMakesAProbeDueAtOnce() {
    ProbeSchedule s = schedule();
    assertTrue(s.due(replica, t0, 0));
    s.onSuspected(new ReplicaSuspected(replica));
    assertTrue(s.due(replica, t0.plusMillis(100), 0));
  }
}
