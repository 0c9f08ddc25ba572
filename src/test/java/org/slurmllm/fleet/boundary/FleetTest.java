package org.slurmllm.fleet.boundary;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class FleetTest {

  /**
   * A gateway that has not yet read the heartbeats must not take another's work for a dead one's: a
   * second gateway's start once failed the first's running tribunal this way.
   */
  @Test
  void beforeItsFirstHeartbeatEveryGatewayCountsAsAlive() {
    Fleet fleet = new Fleet();
    fleet.configuredId = Optional.of("b:8380");
    assertTrue(fleet.alive("a:8080"));
    assertTrue(fleet.alive("b:8380"));
  }
}
