package org.slurmllm.cluster.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.slurmllm.cluster.control.Scheduler;
import org.slurmllm.cluster.entity.ClusterState;
import org.slurmllm.cluster.entity.JobRequest;
import org.slurmllm.cluster.entity.JobStatus;
import org.slurmllm.cluster.entity.NamedJob;
import org.slurmllm.cluster.entity.SchedulerUnavailableException;
import org.slurmllm.cluster.entity.SubmitRejectedException;

/**
 * The batch scheduler as the other features see it: submit, watch, find and cancel jobs, and read
 * the cluster's capacity. Which of the three implementations answers (slurmrestd, the command-line
 * tools, local processes) and the metering around it stay inside the feature; callers depend on
 * this class and the records of {@code cluster.entity} only.
 */
@ApplicationScoped
public class Cluster {

  private final Scheduler scheduler;

  /** For the container's client proxy only. */
  protected Cluster() {
    this(null);
  }

  @Inject
  public Cluster(Scheduler scheduler) {
    this.scheduler = scheduler;
  }

  /** {@code rest}, {@code cli} or {@code local}: recorded with each replica, shown by health. */
  public String kind() {
    return scheduler.kind();
  }

  /**
   * Submits a job and answers its id.
   *
   * @throws SubmitRejectedException if the scheduler refuses it
   * @throws SchedulerUnavailableException if it cannot be reached (the job may have been taken)
   */
  public String submit(JobRequest request) {
    return scheduler.submit(request);
  }

  /** The status of each job asked for; jobs the scheduler does not know answer UNKNOWN. */
  public Map<String, JobStatus> status(Collection<String> jobIds) {
    return scheduler.status(jobIds);
  }

  /** The queued and running jobs whose names start with the prefix. */
  public List<NamedJob> activeJobsNamed(String prefix) {
    return scheduler.activeJobsNamed(prefix);
  }

  /** Cancels a job; cancelling a finished or unknown job is not an error. */
  public void cancel(String jobId) {
    scheduler.cancel(jobId);
  }

  /** Partitions, nodes and free capacity, from the live scheduler. */
  public ClusterState describe() {
    return scheduler.describe();
  }
}
