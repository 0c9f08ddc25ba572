package org.slurmllm.cluster.entity;

import java.util.List;

/** The cluster's partitions and nodes, with totals and what is free right now. */
public record ClusterState(String scheduler, List<Partition> partitions, List<Node> nodes) {

  /** A partition (queue) and the capacity of its nodes. */
  public record Partition(
      String name,
      boolean isDefault,
      String state,
      List<String> nodes,
      int cpus,
      int cpusFree,
      int gpus,
      int gpusFree) {}

  /** A compute node. Memory is in megabytes. */
  public record Node(
      String name,
      String state,
      List<String> partitions,
      int cpus,
      int cpusAllocated,
      int gpus,
      int gpusAllocated,
      long memoryMb,
      long memoryAllocatedMb) {}
}
