package org.slurmllm.cluster.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slurmllm.cluster.control.JobFit;
import org.slurmllm.cluster.control.NodeAddresses;
import org.slurmllm.cluster.control.Scheduler;
import org.slurmllm.cluster.entity.ClusterState;
import org.slurmllm.cluster.entity.ClusterState.NodeJob;
import org.slurmllm.cluster.entity.JobNames;
import org.slurmllm.cluster.entity.JobRequest;
import org.slurmllm.cluster.entity.JobShape;
import org.slurmllm.cluster.entity.JobState;
import org.slurmllm.cluster.entity.JobStatus;
import org.slurmllm.cluster.entity.Misfit;
import org.slurmllm.cluster.entity.NamedJob;
import org.slurmllm.cluster.entity.NodeList;
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
  private final NodeAddresses addresses;
  @Inject SharedDirectory shared;
  @Inject JobNaming naming;

  /** For the container's client proxy only. */
  protected Cluster() {
    this(null);
  }

  @Inject
  public Cluster(Scheduler scheduler) {
    this.scheduler = scheduler;
    this.addresses =
        new NodeAddresses(scheduler == null ? null : scheduler::describe, Clock.systemUTC());
  }

  /**
   * Where a job's server on the node named {@code host} is reached: the node's address as SLURM
   * knows it, or {@code host} itself when SLURM knows no node of that name.
   */
  public String reachableAddress(String host) {
    return addresses.of(host);
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
    prepareLog(request.outputFile());
    return scheduler.submit(request);
  }

  /**
   * Makes a job's log in the shared directory before the scheduler opens it: SLURM would create it
   * with the umask of whatever submits, readable by all (and a job's log may quote a prompt).
   */
  private void prepareLog(String logFile) {
    if (shared == null || logFile == null) {
      return;
    }
    Path log = Path.of(logFile).toAbsolutePath();
    if (log.startsWith(shared.root())) {
      shared.directory(log.getParent(), true);
      try {
        shared.touch(log, true);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
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

  /**
   * Why the scheduler will not work with its settings (e.g. a slurmrestd URL its token must not be
   * sent to); empty when they are fine.
   */
  public Optional<String> settingsRefused() {
    return scheduler.settingsRefused();
  }

  /** Partitions, nodes and free capacity, from the live scheduler. */
  public ClusterState describe() {
    return scheduler.describe();
  }

  /**
   * {@link #describe()} with this installation's replica and chunk jobs on each node, as SLURM
   * reports where they run (whatever the database believes).
   */
  public ClusterState overview() {
    ClusterState cluster = scheduler.describe();
    JobNames names = naming.names();
    Map<String, List<NodeJob>> jobs = new HashMap<>();
    for (NamedJob job : scheduler.activeJobsNamed(names.prefix())) {
      if (job.status().state() != JobState.RUNNING) {
        continue;
      }
      names
          .describe(job.status().jobId(), job.name())
          .ifPresent(
              j ->
                  NodeList.expand(job.status().node())
                      .forEach(n -> jobs.computeIfAbsent(n, k -> new ArrayList<>()).add(j)));
    }
    return cluster.withJobs(jobs);
  }

  /**
   * What a job of this shape asks that the cluster, as configured, can never give (a partition that
   * is not there, more GPUs than any node has, a time limit over the partition's), each said with
   * what the cluster offers. Empty when it fits.
   *
   * @throws SchedulerUnavailableException if the scheduler cannot be asked
   */
  public List<Misfit> misfits(JobShape job) {
    List<Misfit> misfits = JobFit.misfits(job, scheduler.describe());
    if (!misfits.isEmpty()) {
      return misfits;
    }
    // what the reported configuration does not show (accounts, QOS, features), where the
    // scheduler can test a job without queueing it
    return scheduler
        .refusal(job.asRequest("slurmllm.check"))
        .map(reason -> List.of(new Misfit(Misfit.Resource.JOB, reason)))
        .orElse(List.of());
  }
}
