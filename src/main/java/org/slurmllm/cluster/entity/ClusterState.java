package org.slurmllm.cluster.entity;

import java.util.List;

/**
 * The cluster's partitions and nodes, with totals and what is free right now. {@code apiVersion} is
 * the slurmrestd API version the gateway speaks (v0.0.42), null for the other schedulers.
 */
public record ClusterState(
    String scheduler, String apiVersion, List<Partition> partitions, List<Node> nodes) {

  /**
   * A partition (queue) and the capacity of its nodes.
   *
   * @param maxTimeMinutes the longest time limit a job may ask for; null when there is none
   */
  public record Partition(
      String name,
      boolean isDefault,
      String state,
      Integer maxTimeMinutes,
      List<String> nodes,
      int cpus,
      int cpusFree,
      int gpus,
      int gpusFree) {

    /** A partition whose capacity is the sum of its member nodes'. */
    public static Partition of(
        String name, boolean isDefault, String state, Integer maxTimeMinutes, List<Node> all) {
      List<Node> members = all.stream().filter(n -> n.partitions().contains(name)).toList();
      return new Partition(
          name,
          isDefault,
          state,
          maxTimeMinutes,
          members.stream().map(Node::name).toList(),
          members.stream().mapToInt(Node::cpus).sum(),
          members.stream().mapToInt(n -> Math.max(0, n.cpus() - n.cpusAllocated())).sum(),
          members.stream().mapToInt(Node::gpus).sum(),
          members.stream().mapToInt(n -> Math.max(0, n.gpus() - n.gpusAllocated())).sum());
    }
  }

  /** The same cluster with each node's jobs of this installation, from {@code jobs}. */
  public ClusterState withJobs(java.util.Map<String, List<NodeJob>> jobs) {
    return new ClusterState(
        scheduler,
        apiVersion,
        partitions,
        nodes.stream().map(n -> n.withJobs(jobs.getOrDefault(n.name(), List.of()))).toList());
  }

  /**
   * A job of this installation running on a node: a replica's ({@code replica} set) or a batch
   * chunk's ({@code batch}, {@code chunk} and {@code attempt} set).
   */
  public record NodeJob(
      String jobId, String replica, String batch, Integer chunk, Integer attempt) {}

  /**
   * A compute node. Memory is in megabytes. {@code address} is where the node is reached (SLURM's
   * NodeAddr; the name itself where SLURM knows no other): a server a job starts on the node is
   * reached there, also from hosts that cannot resolve the node's name. {@code jobs} are this
   * installation's jobs running there (only in {@code /api/cluster}'s answer).
   */
  public record Node(
      String name,
      String state,
      List<String> partitions,
      int cpus,
      int cpusAllocated,
      int gpus,
      int gpusAllocated,
      long memoryMb,
      long memoryAllocatedMb,
      String address,
      List<NodeJob> jobs) {

    public Node {
      jobs = jobs == null ? List.of() : List.copyOf(jobs);
    }

    /** A node as the scheduler reports it, before anyone asked for its jobs. */
    public Node(
        String name,
        String state,
        List<String> partitions,
        int cpus,
        int cpusAllocated,
        int gpus,
        int gpusAllocated,
        long memoryMb,
        long memoryAllocatedMb,
        String address) {
      this(
          name,
          state,
          partitions,
          cpus,
          cpusAllocated,
          gpus,
          gpusAllocated,
          memoryMb,
          memoryAllocatedMb,
          address,
          List.of());
    }

    Node withJobs(List<NodeJob> running) {
      return new Node(
          name,
          state,
          partitions,
          cpus,
          cpusAllocated,
          gpus,
          gpusAllocated,
          memoryMb,
          memoryAllocatedMb,
          address,
          running);
    }
  }
}
