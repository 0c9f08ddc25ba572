package org.slurmllm.cluster.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.slurmllm.cluster.entity.ClusterState;

class NodeAddressesTest {

  static ClusterState cluster(String... nameAddress) {
    List<ClusterState.Node> nodes = new java.util.ArrayList<>();
    for (int i = 0; i < nameAddress.length; i += 2) {
      nodes.add(
          new ClusterState.Node(
              nameAddress[i], "idle", List.of("gpu"), 4, 0, 2, 0, 4096, 0, nameAddress[i + 1]));
    }
    return new ClusterState("slurm", null, List.of(), nodes);
  }

  @Test
  void aNodesNameBecomesTheAddressSlurmKnows() {
    NodeAddresses addresses =
        new NodeAddresses(
            () -> cluster("node1", "10.231.0.11", "node2", "10.231.0.12"), Clock.systemUTC());
    assertEquals("10.231.0.12", addresses.of("node2"));
    assertEquals("10.231.0.11", addresses.of("node1"));
  }

  @Test
  void aNameSlurmDoesNotKnowIsTakenAsItIsAndAskedForAgainOnlyAfterAWhile() {
    AtomicInteger asked = new AtomicInteger();
    AtomicReference<ClusterState> state = new AtomicReference<>(cluster("node1", "10.231.0.11"));
    AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-07T10:00:00Z"));
    Clock clock =
        new Clock() {
          @Override
          public Instant instant() {
            return now.get();
          }

          @Override
          public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(java.time.ZoneId zone) {
            return this;
          }
        };
    NodeAddresses addresses =
        new NodeAddresses(
            () -> {
              asked.incrementAndGet();
              return state.get();
            },
            clock);
    assertEquals("10.0.0.5", addresses.of("10.0.0.5"), "an address the job named itself");
    assertEquals("node4", addresses.of("node4"));
    assertEquals(1, asked.get(), "one read of the cluster for both misses");
    state.set(cluster("node1", "10.231.0.11", "node4", "10.231.0.14"));
    now.set(now.get().plus(NodeAddresses.REFRESH).plus(Duration.ofMillis(1)));
    assertEquals("10.231.0.14", addresses.of("node4"), "a node added since: read again");
    assertEquals(2, asked.get());
  }

  @Test
  void theSchedulerAwayLeavesTheName() {
    NodeAddresses addresses =
        new NodeAddresses(
            () -> {
              throw new IllegalStateException("slurmctld down");
            },
            Clock.systemUTC());
    assertEquals("node2", addresses.of("node2"));
  }
}
