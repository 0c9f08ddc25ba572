package org.slurmllm.cluster.control;

import io.micrometer.core.instrument.Counter;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slurmllm.cluster.entity.ClusterState;
import org.slurmllm.cluster.entity.JobRequest;
import org.slurmllm.cluster.entity.JobStatus;
import org.slurmllm.cluster.entity.NamedJob;
import org.slurmllm.cluster.entity.SchedulerUnavailableException;
import org.slurmllm.cluster.entity.SubmitRejectedException;
import org.slurmllm.metrics.Meters;

/**
 * Counts every call to the scheduler by operation and outcome ({@code ok}, {@code rejected}: SLURM
 * refused a job, {@code unavailable}: SLURM did not answer, {@code error}: anything else),
 * whichever implementation answers: a slurmctld that went away shows as a rise of {@code
 * unavailable}.
 */
final class MeteredScheduler implements Scheduler {

  private final Scheduler scheduler;
  private final Meters meters;
  private final Map<String, Counter> calls = new ConcurrentHashMap<>();

  MeteredScheduler(Scheduler scheduler, Meters meters) {
    this.scheduler = scheduler;
    this.meters = meters;
  }

  @Override
  public String kind() {
    return scheduler.kind();
  }

  @Override
  public String submit(JobRequest request) {
    return counted("submit", () -> scheduler.submit(request));
  }

  @Override
  public Map<String, JobStatus> status(Collection<String> jobIds) {
    return counted("status", () -> scheduler.status(jobIds));
  }

  @Override
  public List<NamedJob> activeJobsNamed(String prefix) {
    return counted("list", () -> scheduler.activeJobsNamed(prefix));
  }

  @Override
  public void cancel(String jobId) {
    counted(
        "cancel",
        () -> {
          scheduler.cancel(jobId);
          return null;
        });
  }

  @Override
  public ClusterState describe() {
    return counted("describe", scheduler::describe);
  }

  private <T> T counted(String op, Supplier<T> call) {
    String outcome = "error";
    try {
      T answer = call.get();
      outcome = "ok";
      return answer;
    } catch (SubmitRejectedException e) {
      outcome = "rejected";
      throw e;
    } catch (SchedulerUnavailableException e) {
      outcome = "unavailable";
      throw e;
    } finally {
      String o = outcome;
      calls
          .computeIfAbsent(
              op + ' ' + o,
              k ->
                  meters.counter(
                      "slurmllm.scheduler.calls",
                      "Calls to the batch scheduler by operation and outcome",
                      "op",
                      op,
                      "outcome",
                      o))
          .increment();
    }
  }

  @Override
  public Optional<String> refusal(JobRequest request) {
    return counted("test", () -> scheduler.refusal(request));
  }

  @Override
  public Optional<String> settingsRefused() {
    return scheduler.settingsRefused();
  }
}
