package org.slurmllm.serving.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slurmllm.cluster.entity.ClusterState;
import org.slurmllm.cluster.entity.ClusterState.Node;
import org.slurmllm.cluster.entity.ClusterState.Partition;
import org.slurmllm.cluster.entity.JobRequest;

class SpreadTest {

  static Node node(String name, String state, int cpusAllocated) {
    return new Node(name, state, List.of("gpu"), 4, cpusAllocated, 2, 0, 4096, 0, name);
  }

  static ClusterState cluster(Node... nodes) {
    List<Node> all = List.of(nodes);
    return new ClusterState(
        "slurm", null, List.of(Partition.of("gpu", true, "up", null, all)), all);
  }

  static JobRequest job(int cpus) {
    return new JobRequest(
        "r",
        "#!/bin/sh\n",
        "/tmp",
        "/dev/null",
        Map.of(),
        null,
        null,
        null,
        null,
        0,
        cpus,
        1024,
        30);
  }

  @Test
  void aNewReplicaStaysOffTheNodesThatServeTheModel() {
    ClusterState c = cluster(node("n1", "mixed", 1), node("n2", "mixed", 1), node("n3", "idle", 0));
    assertEquals(List.of("n1", "n2"), Spread.exclusions(List.of("n2", "n1"), job(1), c));
  }

  @Test
  void noReplicaYetMeansNoExclusion() {
    assertEquals(List.of(), Spread.exclusions(List.of(), job(1), cluster(node("n1", "idle", 0))));
  }

  @Test
  void sharingANodeBeatsNotStarting() {
    // the only other node is full, down or not answering: the job may go where the model is
    assertEquals(
        List.of(),
        Spread.exclusions(
            List.of("n1"), job(2), cluster(node("n1", "mixed", 1), node("n2", "mixed", 3))));
    assertEquals(
        List.of(),
        Spread.exclusions(
            List.of("n1"), job(1), cluster(node("n1", "mixed", 1), node("n2", "down*", 0))));
    assertEquals(
        List.of(),
        Spread.exclusions(
            List.of("n1"),
            job(1),
            cluster(node("n1", "mixed", 1), node("n2", "idle+not_responding", 0))));
    assertEquals(
        List.of(),
        Spread.exclusions(
            List.of("n1", "n2"), job(1), cluster(node("n1", "mixed", 1), node("n2", "mixed", 1))));
  }

  @Test
  void aJobOverSeveralNodesNeedsThatManyFreeOnes() {
    ClusterState c = cluster(node("n1", "mixed", 1), node("n2", "idle", 0), node("n3", "idle", 0));
    JobRequest two = job(1).spread(2, List.of());
    assertEquals(List.of("n1"), Spread.exclusions(List.of("n1"), two, c));
    assertEquals(List.of(), Spread.exclusions(List.of("n1", "n2"), two, c));
  }

  @Test
  void onlyTheJobsPartitionCounts() {
    Node gpu = node("g1", "mixed", 1);
    Node cpu = new Node("c1", "idle", List.of("cpu"), 64, 0, 0, 0, 65536, 0, "c1");
    List<Node> all = List.of(gpu, cpu);
    ClusterState c =
        new ClusterState(
            "slurm",
            null,
            List.of(
                Partition.of("gpu", true, "up", null, all),
                Partition.of("cpu", false, "up", null, all)),
            all);
    assertEquals(List.of(), Spread.exclusions(List.of("g1"), job(1), c), "no other gpu node");
  }

  @Test
  void onSeveralNodesTheNextJobWaitsUntilTheLastIsPlacedButNotForLong() {
    java.time.Instant now = java.time.Instant.parse("2026-12-07T10:00:00Z");
    java.time.Instant justNow = now.minusMillis(300);
    assertEquals(true, Spread.awaitPlacement(List.of(justNow), now, 3));
    assertEquals(false, Spread.awaitPlacement(List.of(justNow), now, 1), "one node: no waiting");
    assertEquals(
        false,
        Spread.awaitPlacement(List.of(now.minus(Spread.PLACEMENT_WAIT)), now, 3),
        "queued for long: the cluster is busy, and the model must not wait on it");
    assertEquals(false, Spread.awaitPlacement(List.of(), now, 3));
  }

  @Test
  void aPartitionsNodesAreCountedByNameOrAsTheDefault() {
    ClusterState c = cluster(node("n1", "idle", 0), node("n2", "idle", 0));
    assertEquals(2, Spread.partitionNodes(null, c));
    assertEquals(2, Spread.partitionNodes("gpu", c));
    assertEquals(1, Spread.partitionNodes("nosuch", c), "unknown: as one node, nothing held");
  }

  @Test
  void aNodeWhereReplicasJustFailedIsAvoidedBeforeSpreading() {
    // node3 died a moment ago; SLURM still reports it up and would place the replacement there
    ClusterState c =
        cluster(node("n1", "mixed", 1), node("n2", "mixed", 1), node("n3", "mixed", 1));
    assertEquals(
        List.of("n3"),
        Spread.exclusions(List.of("n1", "n2"), List.of("n3"), job(1), c),
        "sharing a node with the model beats the dead node");
    ClusterState four =
        cluster(
            node("n1", "mixed", 1),
            node("n2", "mixed", 1),
            node("n3", "mixed", 1),
            node("n4", "idle", 0));
    assertEquals(
        List.of("n1", "n2", "n3"),
        Spread.exclusions(List.of("n1", "n2"), List.of("n3"), job(1), four),
        "a fourth node: apart from the model and from the dead node");
    assertEquals(
        List.of(),
        Spread.exclusions(List.of(), List.of("n1"), job(1), cluster(node("n1", "idle", 0))),
        "the only node: tried all the same");
  }

  @Test
  void aNodeTheClusterNoLongerHasIsNeverExcluded() {
    // SLURM refuses a job whose --exclude names a node it does not know
    ClusterState c = cluster(node("n1", "mixed", 1), node("n2", "idle", 0));
    assertEquals(
        List.of("n1"), Spread.exclusions(List.of("n1", "old7"), List.of("gone3"), job(1), c));
  }
}
