package org.slurmllm.cluster.control;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slurmllm.cluster.entity.ClusterState;
import org.slurmllm.cluster.entity.JobRequest;
import org.slurmllm.cluster.entity.JobStatus;
import org.slurmllm.cluster.entity.NamedJob;

/**
 * The one door to the batch scheduler. Three implementations: slurmrestd, the SLURM command-line
 * tools, and a local launcher that runs the same job scripts as local processes. Their formats
 * (SLURM's JSON and text) stay inside them; the rest of the application sees only these records.
 */
public interface Scheduler {

  /** Short name for logs and health: {@code rest}, {@code cli} or {@code local}. */
  String kind();

  /**
   * Submits a job and answers its id.
   *
   * @throws org.slurmllm.cluster.entity.SubmitRejectedException if the scheduler refuses it
   */
  String submit(JobRequest request);

  /** The status of each job asked for; jobs the scheduler does not know answer UNKNOWN. */
  Map<String, JobStatus> status(Collection<String> jobIds);

  /**
   * The queued and running jobs whose names start with {@code prefix} (this installation's jobs:
   * see {@link org.slurmllm.cluster.entity.JobNames}), whether or not their ids were recorded.
   */
  List<NamedJob> activeJobsNamed(String prefix);

  /** Cancels a job; cancelling a finished or unknown job is not an error. */
  void cancel(String jobId);

  /** Partitions, nodes and free capacity, from the live scheduler. */
  ClusterState describe();

  /**
   * Why the scheduler would refuse the job as asked, when it can tell without queueing it ({@code
   * sbatch --test-only}); empty when it would take it, or cannot say.
   */
  default Optional<String> refusal(JobRequest request) {
    return Optional.empty();
  }

  /**
   * Why the scheduler will not work with its settings at all (it sends nothing to the cluster)
   * until an operator changes them; empty when they are fine.
   */
  default Optional<String> settingsRefused() {
    return Optional.empty();
  }
}
