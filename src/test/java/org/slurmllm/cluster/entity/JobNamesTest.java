package org.slurmllm.cluster.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JobNamesTest {

  final JobNames names = new JobNames("abc");

  @Test
  void aReplicasAndAChunksJobSayWhatTheyRun() {
    UUID replica = UUID.randomUUID();
    assertEquals(
        Optional.of(new ClusterState.NodeJob("7", replica.toString(), null, null, null)),
        names.describe("7", names.replica(replica)));
    assertEquals(
        Optional.of(new ClusterState.NodeJob("8", null, "batch_x1", 3, 2)),
        names.describe("8", names.chunk("batch_x1", 3, 2)));
  }

  @Test
  void anotherInstallationsOrAMalformedNameIsNoneOfOurs() {
    assertEquals(Optional.empty(), names.describe("1", new JobNames("xyz").chunk("b", 0, 1)));
    assertEquals(Optional.empty(), names.describe("2", "slurmllm.abc.chunk.b.x.1"));
    assertEquals(Optional.empty(), names.describe("3", "slurmllm.abc.chunk.b.1"));
    assertEquals(Optional.empty(), names.describe("4", "slurmllm.abc.replica.not-a-uuid"));
    assertEquals(Optional.empty(), names.describe("5", null));
  }
}
