package org.slurmllm.serving.control;

import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Logger;
import org.slurmllm.cluster.boundary.Cluster;
import org.slurmllm.cluster.entity.ClusterState;
import org.slurmllm.cluster.entity.JobRequest;
import org.slurmllm.cluster.entity.NodeList;
import org.slurmllm.serving.entity.Replica;
import org.slurmllm.serving.entity.ReplicaState;

/**
 * Where one model's new replicas go in one reconcile pass ({@link Spread}): off nodes where
 * replicas failed a moment ago and off the nodes that serve it, and on a cluster of several nodes
 * one job at a time, each after the last is placed, so every new job can be kept off the node the
 * one before got. The cluster is read once per pass, and only when a job is to be submitted; a
 * cluster that cannot be read is treated as one node (a replica that shares a node beats none).
 */
final class ReplicaPlacement {

  private static final Logger LOG = Logger.getLogger(ReplicaPlacement.class.getName());

  private final Cluster scheduler;
  private final String partition;
  private final List<String> serving;
  private final List<Instant> unplaced;
  private final Supplier<List<String>> suspects;
  private final Instant now;
  private ClusterState cluster;
  private List<String> suspect;
  private boolean read;
  private int placed;

  /**
   * @param suspects nodes where replicas failed a moment ago (read only if a job is placed)
   */
  ReplicaPlacement(
      Cluster scheduler,
      String partition,
      List<Replica> replicas,
      Supplier<List<String>> suspects,
      Instant now) {
    this.scheduler = scheduler;
    this.suspects = suspects;
    this.partition = partition;
    this.now = now;
    this.serving =
        replicas.stream()
            .filter(r -> r.state != ReplicaState.DRAINING)
            .flatMap(r -> NodeList.expand(r.node).stream())
            .toList();
    this.unplaced =
        replicas.stream()
            .filter(r -> r.state == ReplicaState.PENDING && NodeList.expand(r.node).isEmpty())
            .map(r -> r.submittedAt)
            .toList();
  }

  /** Whether another job of the model may be submitted in this pass. */
  boolean mayPlace() {
    int nodes = cluster() == null ? 1 : Spread.partitionNodes(partition, cluster());
    if (nodes <= 1) {
      return true;
    }
    return placed == 0 && !Spread.awaitPlacement(unplaced, now, nodes);
  }

  /** The job kept off the model's nodes where another could take it; counts it as placed. */
  JobRequest place(JobRequest job) {
    placed++;
    if (cluster() == null) {
      return job;
    }
    if (suspect == null) {
      suspect = suspects.get(); // once per pass, however many jobs it places
    }
    if (serving.isEmpty() && suspect.isEmpty()) {
      return job;
    }
    return job.spread(job.nodes(), Spread.exclusions(serving, suspect, job, cluster()));
  }

  private ClusterState cluster() {
    if (!read) {
      read = true;
      try {
        cluster = scheduler.describe();
      } catch (RuntimeException e) {
        LOG.fine(() -> "cluster not read for placing replicas: " + e);
      }
    }
    return cluster;
  }
}
