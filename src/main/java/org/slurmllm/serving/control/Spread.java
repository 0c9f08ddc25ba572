package org.slurmllm.serving.control;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slurmllm.cluster.entity.ClusterState;
import org.slurmllm.cluster.entity.ClusterState.Node;
import org.slurmllm.cluster.entity.ClusterState.Partition;
import org.slurmllm.cluster.entity.JobRequest;

/**
 * Anti-affinity for a model's replicas: the nodes a new replica's job should stay off, so that one
 * node's failure takes at most one replica of a model. They are the nodes its live replicas run on,
 * but only while another node of the partition could take the job now (up, with the CPUs, GPUs and
 * memory free): a replica sharing a node is better than one that does not start.
 */
public final class Spread {

  private Spread() {}

  /**
   * @param serving the nodes the model's live replicas run on
   * @param job the new replica's job
   * @param cluster the cluster now
   * @return the nodes to exclude, sorted; empty when the job may go anywhere
   */
  public static List<String> exclusions(
      Collection<String> serving, JobRequest job, ClusterState cluster) {
    Set<String> taken = new TreeSet<>(serving);
    taken.removeIf(n -> n == null || n.isBlank());
    if (taken.isEmpty()) {
      return List.of();
    }
    Optional<Partition> partition = partitionOf(job.partition(), cluster);
    if (partition.isEmpty()) {
      return List.of();
    }
    long free =
        cluster.nodes().stream()
            .filter(n -> partition.get().nodes().contains(n.name()))
            .filter(n -> !taken.contains(n.name()))
            .filter(n -> fits(n, job))
            .count();
    return free >= job.nodes() ? List.copyOf(taken) : List.of();
  }

  /** Whether the node is up and has what one node of the job asks, free now. */
  static boolean fits(Node n, JobRequest job) {
    String state = n.state().toLowerCase(Locale.ROOT);
    boolean up =
        !(state.contains("down")
            || state.contains("drain")
            || state.contains("fail")
            || state.contains("not_responding")
            || state.contains("maint")
            || state.contains("reserved")
            || state.endsWith("*"));
    return up
        && n.cpus() - n.cpusAllocated() >= job.cpus()
        && n.gpus() - n.gpusAllocated() >= job.gpus()
        && n.memoryMb() - n.memoryAllocatedMb() >= job.memoryMb();
  }

  /** How long a just-submitted job may keep the model's next one waiting for its placement. */
  public static final java.time.Duration PLACEMENT_WAIT = java.time.Duration.ofSeconds(3);

  /**
   * Whether the model's next job should wait for the pass after its last one is placed: on a
   * cluster of several nodes, a job submitted beside one still unplaced cannot be kept off the node
   * that one will get (SLURM decides both in one pass, and LLN spreads only what it has placed). A
   * job queued longer than {@link #PLACEMENT_WAIT} (a busy cluster) holds nothing back.
   *
   * @param unplacedSince when each of the model's queued jobs without a node was submitted
   */
  public static boolean awaitPlacement(
      Collection<java.time.Instant> unplacedSince, java.time.Instant now, int nodes) {
    return nodes > 1
        && unplacedSince.stream().anyMatch(t -> t != null && t.plus(PLACEMENT_WAIT).isAfter(now));
  }

  /** How many nodes a partition has (the default partition when {@code name} is null). */
  public static int partitionNodes(String name, ClusterState cluster) {
    return partitionOf(name, cluster).map(p -> p.nodes().size()).orElse(1);
  }

  private static Optional<Partition> partitionOf(String name, ClusterState cluster) {
    return cluster.partitions().stream()
        .filter(p -> name == null || name.isBlank() ? p.isDefault() : p.name().equals(name))
        .findFirst();
  }
}
