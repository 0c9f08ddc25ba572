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
   * @param suspect nodes where replicas failed a moment ago (a node may be dead before SLURM says
   *     so, and would take a new job as gladly as any)
   * @param job the new replica's job
   * @param cluster the cluster now
   * @return the nodes to exclude, sorted: serving and suspect ones while other nodes could take the
   *     job, else the suspect ones while others could, else none
   */
  public static List<String> exclusions(
      Collection<String> serving,
      Collection<String> suspect,
      JobRequest job,
      ClusterState cluster) {
    // only nodes the cluster has: SLURM refuses a job that excludes a node it does not know
    Set<String> known = new TreeSet<>(cluster.nodes().stream().map(Node::name).toList());
    Set<String> avoid = names(suspect);
    avoid.retainAll(known);
    Set<String> both = new TreeSet<>(avoid);
    both.addAll(names(serving));
    both.retainAll(known);
    for (Set<String> excluded : List.of(both, avoid)) {
      if (!excluded.isEmpty() && othersFit(excluded, job, cluster)) {
        return List.copyOf(excluded);
      }
    }
    return List.of();
  }

  /** {@link #exclusions(Collection, Collection, JobRequest, ClusterState)} with no suspects. */
  public static List<String> exclusions(
      Collection<String> serving, JobRequest job, ClusterState cluster) {
    return exclusions(serving, List.of(), job, cluster);
  }

  private static Set<String> names(Collection<String> nodes) {
    Set<String> names = new TreeSet<>(nodes);
    names.removeIf(n -> n == null || n.isBlank());
    return names;
  }

  /** Whether enough nodes of the job's partition, none of them excluded, could take it now. */
  private static boolean othersFit(Set<String> excluded, JobRequest job, ClusterState cluster) {
    Optional<Partition> partition = partitionOf(job.partition(), cluster);
    if (partition.isEmpty()) {
      return false;
    }
    long free =
        cluster.nodes().stream()
            .filter(n -> partition.get().nodes().contains(n.name()))
            .filter(n -> !excluded.contains(n.name()))
            .filter(n -> fits(n, job))
            .count();
    return free >= job.nodes();
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
