package org.slurmllm.cluster.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.slurmllm.cluster.entity.ClusterState;
import org.slurmllm.cluster.entity.ClusterState.Node;
import org.slurmllm.cluster.entity.ClusterState.Partition;
import org.slurmllm.cluster.entity.JobShape;
import org.slurmllm.cluster.entity.Misfit;
import org.slurmllm.cluster.entity.Misfit.Resource;

class JobFitTest {

  // a GPU node (4 GPUs, 16 CPUs, 64 GB) and a fat CPU node (0 GPUs, 64 CPUs, 256 GB), busy or not
  static final Node GPU_NODE =
      new Node("g1", "mixed", List.of("gpu", "short"), 16, 16, 4, 4, 65536, 0, "g1");
  static final Node CPU_NODE = new Node("c1", "idle", List.of("cpu"), 64, 0, 0, 0, 262144, 0, "c1");
  static final List<Node> NODES = List.of(GPU_NODE, CPU_NODE);
  static final ClusterState CLUSTER =
      new ClusterState(
          "slurm",
          null,
          List.of(
              Partition.of("gpu", true, "up", null, NODES),
              Partition.of("cpu", false, "up", null, NODES),
              Partition.of("short", false, "up", 60, NODES)),
          NODES);

  static List<Misfit> misfits(String partition, int gpus, int cpus, int gb, int minutes) {
    return JobFit.misfits(
        new JobShape(partition, null, null, null, gpus, cpus, gb * 1024L, minutes), CLUSTER);
  }

  @Test
  void aJobThatFitsSomeNodeFitsHoweverBusyTheNodeIsNow() {
    assertEquals(List.of(), misfits(null, 4, 16, 64, 600), "the default partition: gpu");
    assertEquals(List.of(), misfits("cpu", 0, 64, 200, 10_000));
    assertEquals(List.of(), misfits("short", 1, 1, 1, 60));
  }

  @Test
  void aPartitionThatDoesNotExistIsNamedWithThoseThatDo() {
    List<Misfit> m = misfits("nope", 1, 1, 1, 30);
    assertEquals(1, m.size());
    assertEquals(Resource.PARTITION, m.get(0).resource());
    assertEquals("no partition 'nope' (this cluster has gpu, cpu, short)", m.get(0).message());
  }

  @Test
  void moreThanAnyNodeOfThePartitionHasIsNamedPerResourceWithTheLargest() {
    List<Misfit> m = misfits("gpu", 8, 32, 100, 30);
    assertEquals(
        List.of(Resource.GPUS, Resource.CPUS, Resource.MEMORY),
        m.stream().map(Misfit::resource).toList());
    assertEquals(
        "8 GPU(s) asked; no node of partition gpu has more than 4 (node g1)", m.get(0).message());
    assertTrue(m.get(2).message().contains("has more than 64"), m.get(2).message());
    assertEquals(
        Resource.GPUS, misfits("cpu", 1, 1, 1, 30).get(0).resource(), "the CPU partition has none");
  }

  @Test
  void aTimeLimitOverThePartitionsIsNamedWithTheLimit() {
    List<Misfit> m = misfits("short", 0, 1, 1, 120);
    assertEquals(Resource.TIME_LIMIT, m.get(0).resource());
    assertEquals("120 minutes is over partition short's limit of 60 minutes", m.get(0).message());
  }

  @Test
  void resourcesThatEachFitSomeNodeButNoNodeAtOnceAreRefused() {
    ClusterState both =
        new ClusterState(
            "slurm",
            null,
            List.of(Partition.of("all", true, "up", null, allIn("all"))),
            allIn("all"));
    List<Misfit> m = JobFit.misfits(new JobShape(null, null, null, null, 4, 64, 1024, 30), both);
    assertEquals(List.of(Resource.NODE), m.stream().map(Misfit::resource).toList());
    assertTrue(m.get(0).message().contains("at once"), m.get(0).message());
  }

  static List<Node> allIn(String partition) {
    return List.of(
        new Node("g1", "idle", List.of(partition), 16, 0, 4, 0, 65536, 0, "g1"),
        new Node("c1", "idle", List.of(partition), 64, 0, 0, 0, 262144, 0, "c1"));
  }

  @Test
  void aReplicaOverMoreNodesThanCanHoldItIsNamedWithHowManyCan() {
    Node second = new Node("g2", "idle", List.of("gpu"), 16, 0, 4, 0, 65536, 0, "g2");
    List<Node> two = List.of(GPU_NODE, second);
    ClusterState twoGpuNodes =
        new ClusterState("slurm", null, List.of(Partition.of("gpu", true, "up", null, two)), two);
    assertEquals(
        List.of(),
        JobFit.misfits(
            new JobShape("gpu", null, null, null, 4, 16, 64 * 1024L, 30, 2), twoGpuNodes));
    List<Misfit> m =
        JobFit.misfits(new JobShape("gpu", null, null, null, 1, 8, 32 * 1024L, 30, 2), CLUSTER);
    assertEquals(List.of(Resource.NODES), m.stream().map(Misfit::resource).toList());
    assertEquals(
        "2 nodes asked; partition gpu has 1 that can hold 1 GPU(s), 8 CPU(s) and 32 GB each",
        m.get(0).message());
  }
}
