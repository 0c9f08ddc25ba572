package org.slurmllm.serving.control;

import java.util.Set;

/**
 * SLURM's pending reasons that waiting cannot clear: the request itself is beyond a limit of its
 * partition, QOS or association, or names something that is not there. A replica queued for such a
 * reason fails at once with it (its job cancelled) rather than waiting out the pending timeout.
 * Reasons that clear on their own or by an admin's hand (Resources, Priority, ReqNodeNotAvail,
 * PartitionDown, JobHeldAdmin, ...) are waited for.
 */
final class PendingReasons {

  private PendingReasons() {}

  private static final Set<String> PERMANENT =
      Set.of(
          "PartitionTimeLimit",
          "PartitionNodeLimit",
          "PartitionConfig",
          "InvalidAccount",
          "InvalidQOS",
          "BadConstraints",
          "DependencyNeverSatisfied",
          "QOSMaxWallDurationPerJobLimit",
          "QOSMaxCpuPerJobLimit",
          "QOSMaxGRESPerJob",
          "QOSMaxNodePerJobLimit",
          "QOSMaxMemoryPerJob",
          "QOSMinGRES",
          "QOSMinCpuNotSatisfied",
          "AssocMaxWallDurationPerJobLimit",
          "AssocMaxCpuPerJobLimit",
          "AssocMaxGRESPerJob",
          "AssocMaxNodePerJobLimit",
          "AssocMaxMemPerJob");

  static boolean cannotClear(String reason) {
    return reason != null && PERMANENT.contains(reason.strip());
  }
}
