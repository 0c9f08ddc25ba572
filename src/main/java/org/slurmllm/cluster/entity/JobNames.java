package org.slurmllm.cluster.entity;

import java.util.Optional;
import java.util.UUID;

/**
 * The names this installation gives its jobs, and what a name says back: {@code
 * slurmllm.<installation>.replica.<replica id>} and {@code slurmllm.<installation>.chunk.<batch
 * id>.<chunk index>.<attempt>}. A job carries its owner in its name, so a job submitted just before
 * a crash (its id never recorded) is found, adopted or cancelled; jobs of other installations on
 * the same cluster are never touched.
 */
public record JobNames(String installation) {

  private static final String ROOT = "slurmllm.";

  /** What every job of this installation's name starts with. */
  public String prefix() {
    return ROOT + installation + ".";
  }

  public String replica(UUID replicaId) {
    return prefix() + "replica." + replicaId;
  }

  public String chunk(String batchId, int index, int attempt) {
    return chunkPrefix(batchId, index) + attempt;
  }

  /** What the names of all attempts of one chunk start with. */
  public String chunkPrefix(String batchId, int index) {
    return prefix() + "chunk." + batchId + "." + index + ".";
  }

  /** The replica a job name of this installation belongs to, if it names one. */
  public Optional<UUID> replicaOf(String jobName) {
    String marker = prefix() + "replica.";
    if (jobName == null || !jobName.startsWith(marker)) {
      return Optional.empty();
    }
    try {
      return Optional.of(UUID.fromString(jobName.substring(marker.length())));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * What a job name of this installation says: the job's node entry (its replica, or its batch,
   * chunk and attempt), or empty for a name not of this installation's replicas and chunks.
   */
  public Optional<ClusterState.NodeJob> describe(String jobId, String jobName) {
    Optional<UUID> replica = replicaOf(jobName);
    if (replica.isPresent()) {
      return Optional.of(
          new ClusterState.NodeJob(jobId, replica.get().toString(), null, null, null));
    }
    String marker = prefix() + "chunk.";
    if (jobName == null || !jobName.startsWith(marker)) {
      return Optional.empty();
    }
    String[] parts = jobName.substring(marker.length()).split("\\.");
    if (parts.length != 3) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new ClusterState.NodeJob(
              jobId, null, parts[0], Integer.parseInt(parts[1]), Integer.parseInt(parts[2])));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
