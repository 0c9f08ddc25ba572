package org.slurmllm.serving.control;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.slurmllm.cluster.entity.JobNames;
import org.slurmllm.cluster.entity.NamedJob;

/**
 * What to do with the replica jobs this installation has on the cluster, a pure function of the
 * jobs (by name) and the replicas the database knows. A job whose replica has no job id yet is
 * adopted (submitted just before a crash or a rolled-back pass); a job of a replica that ended, of
 * no replica at all, or a second job of one replica, is cancelled. Jobs of other installations
 * never reach it (the names' prefix).
 */
final class JobSweep {

  private JobSweep() {}

  /** A replica as the sweep sees it. */
  record Known(UUID id, String jobId, boolean ended) {}

  record Adopt(UUID replica, String jobId) {}

  record Actions(List<Adopt> adopt, List<String> cancel) {}

  static Actions plan(
      List<NamedJob> jobs, Function<UUID, Optional<Known>> replicas, JobNames names) {
    List<Adopt> adopt = new ArrayList<>();
    List<String> cancel = new ArrayList<>();
    Set<UUID> adopted = new HashSet<>();
    for (NamedJob job : jobs) {
      Optional<UUID> replica = names.replicaOf(job.name());
      if (replica.isEmpty()) {
        continue; // a chunk job: its batch step adopts or ends it
      }
      String jobId = job.status().jobId();
      Optional<Known> known = replicas.apply(replica.get());
      if (known.isEmpty() || known.get().ended()) {
        cancel.add(jobId);
      } else if (known.get().jobId() == null) {
        if (adopted.add(replica.get())) {
          adopt.add(new Adopt(replica.get(), jobId));
        } else {
          cancel.add(jobId);
        }
      } else if (!known.get().jobId().equals(jobId)) {
        cancel.add(jobId);
      }
    }
    return new Actions(adopt, cancel);
  }
}
