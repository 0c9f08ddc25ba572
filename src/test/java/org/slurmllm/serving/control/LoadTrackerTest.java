package org.slurmllm.serving.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Another gateway's requests count: a replica busy through it is not drained as idle, and its
 * model's load keeps the autoscaler from scaling down, while admission keeps its own count.
 */
class LoadTrackerTest {

  @Test
  void aReplicaBusyThroughAnotherGatewayIsBusyHereToo() {
    LoadTracker load = new LoadTracker();
    UUID replica = UUID.randomUUID();
    load.started("m", replica);
    load.reported("m", replica, 5); // its /metrics: 5 running or waiting, 4 of them elsewhere
    assertEquals(1, load.inFlight(replica), "admission's own count");
    assertEquals(5, load.busy(replica), "draining waits for everyone's requests");
    load.finished("m", replica);
    assertEquals(5, load.busy(replica));
    double average = 0;
    for (int i = 0; i < 50; i++) {
      average = load.sampleAverage("m");
    }
    assertTrue(average > 0, "the autoscaler sees the other gateway's load: " + average);
    load.forget(replica);
    assertEquals(0, load.busy(replica));
  }
}
