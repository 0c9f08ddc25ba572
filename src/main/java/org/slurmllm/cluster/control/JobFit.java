package org.slurmllm.cluster.control;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.ToLongFunction;
import org.slurmllm.cluster.entity.ClusterState;
import org.slurmllm.cluster.entity.ClusterState.Node;
import org.slurmllm.cluster.entity.ClusterState.Partition;
import org.slurmllm.cluster.entity.JobShape;
import org.slurmllm.cluster.entity.Misfit;
import org.slurmllm.cluster.entity.Misfit.Resource;

/**
 * Whether a job could ever run on the cluster as it is configured: a partition that exists, a time
 * limit within the partition's, and a node with enough GPUs, CPUs and memory. Capacity in use does
 * not count (a busy cluster frees up; a job larger than every node never starts). A pure function
 * of the job and what the scheduler reports.
 */
public final class JobFit {

  private JobFit() {}

  /** What the job asks that the cluster cannot give; empty when it fits. */
  public static List<Misfit> misfits(JobShape job, ClusterState cluster) {
    List<Misfit> misfits = new ArrayList<>();
    Optional<Partition> partition;
    if (job.partition() != null) {
      partition =
          cluster.partitions().stream().filter(p -> p.name().equals(job.partition())).findFirst();
      if (partition.isEmpty()) {
        misfits.add(
            new Misfit(
                Resource.PARTITION,
                "no partition '"
                    + job.partition()
                    + "' (this cluster has "
                    + String.join(", ", cluster.partitions().stream().map(Partition::name).toList())
                    + ")"));
        return misfits; // the other checks would be against the wrong nodes
      }
    } else {
      partition = cluster.partitions().stream().filter(Partition::isDefault).findFirst();
    }
    String where = partition.map(p -> "partition " + p.name()).orElse("this cluster");
    List<Node> nodes =
        partition
            .map(p -> cluster.nodes().stream().filter(n -> p.nodes().contains(n.name())).toList())
            .orElse(cluster.nodes());
    partition
        .filter(p -> p.maxTimeMinutes() != null && job.timeLimitMinutes() > p.maxTimeMinutes())
        .ifPresent(
            p ->
                misfits.add(
                    new Misfit(
                        Resource.TIME_LIMIT,
                        job.timeLimitMinutes()
                            + " minutes is over "
                            + where
                            + "'s limit of "
                            + p.maxTimeMinutes()
                            + " minutes")));
    if (nodes.isEmpty()) {
      return misfits; // nothing reported to check against
    }
    int before = misfits.size();
    most(misfits, Resource.GPUS, job.gpus(), nodes, Node::gpus, where, "GPU(s)", 1);
    most(misfits, Resource.CPUS, job.cpus(), nodes, Node::cpus, where, "CPU(s)", 1);
    most(misfits, Resource.MEMORY, job.memoryMb(), nodes, Node::memoryMb, where, "GB", 1024);
    boolean eachFits = misfits.size() == before;
    long holding = nodes.stream().filter(n -> holds(n, job)).count();
    if (eachFits && holding > 0 && holding < job.nodes()) {
      misfits.add(
          new Misfit(
              Resource.NODES,
              job.nodes()
                  + " nodes asked; "
                  + where
                  + " has "
                  + holding
                  + " that can hold "
                  + job.gpus()
                  + " GPU(s), "
                  + job.cpus()
                  + " CPU(s) and "
                  + job.memoryMb() / 1024
                  + " GB each"));
    }
    if (eachFits && holding == 0) {
      misfits.add(
          new Misfit(
              Resource.NODE,
              "no node of "
                  + where
                  + " has "
                  + job.gpus()
                  + " GPU(s), "
                  + job.cpus()
                  + " CPU(s) and "
                  + job.memoryMb() / 1024
                  + " GB at once"));
    }
    return misfits;
  }

  private static boolean holds(Node n, JobShape job) {
    return n.gpus() >= job.gpus() && n.cpus() >= job.cpus() && n.memoryMb() >= job.memoryMb();
  }

  private static void most(
      List<Misfit> misfits,
      Resource resource,
      long asked,
      List<Node> nodes,
      ToLongFunction<Node> size,
      String where,
      String unit,
      long perUnit) {
    long largest = nodes.stream().mapToLong(size).max().orElse(0);
    if (asked > largest) {
      Node biggest = nodes.stream().max(Comparator.comparingLong(size)).orElseThrow();
      misfits.add(
          new Misfit(
              resource,
              asked / perUnit
                  + " "
                  + unit
                  + " asked; no node of "
                  + where
                  + " has more than "
                  + largest / perUnit
                  + " (node "
                  + biggest.name()
                  + ")"));
    }
  }
}
