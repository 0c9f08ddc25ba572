package org.slurmllm.cluster.control;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slurmllm.cluster.entity.ClusterState;
import org.slurmllm.cluster.entity.JobRequest;
import org.slurmllm.cluster.entity.JobStatus;
import org.slurmllm.cluster.entity.NamedJob;
import org.slurmllm.cluster.entity.SchedulerUnavailableException;
import org.slurmllm.cluster.entity.SubmitRejectedException;

/**
 * SLURM through its command-line tools, for gateways on a login node: sbatch, squeue (jobs in the
 * controller's memory), sacct (finished jobs, from accounting or the job completion file), scancel
 * and scontrol.
 */
public class SlurmCliScheduler implements Scheduler {

  private final CommandRunner commands = new CommandRunner(Duration.ofSeconds(30));
  private final Map<String, String> environment;
  private final Path bin;

  /**
   * @param environment the jobs' environment, e.g. PATH; nothing of the gateway's leaks in
   */
  public SlurmCliScheduler(Map<String, String> environment) {
    this(environment, null);
  }

  /**
   * @param bin the folder of the SLURM commands to use (a cluster of another Slurm version than the
   *     one on the PATH needs its own: they refuse each other's protocol), null for the PATH
   */
  public SlurmCliScheduler(Map<String, String> environment, Path bin) {
    this.environment = Map.copyOf(environment);
    this.bin = bin;
  }

  /** The command of this name: from {@code bin} when given, else found on the PATH. */
  private String tool(String name) {
    return bin == null ? name : bin.resolve(name).toString();
  }

  @Override
  public String kind() {
    return "cli";
  }

  @Override
  public String submit(JobRequest request) {
    List<String> command = new ArrayList<>();
    command.add(tool("sbatch"));
    command.addAll(SlurmCliFormat.sbatchArguments(request));
    Map<String, String> env = new HashMap<>(environment);
    env.putAll(request.environment());
    CommandRunner.Result result = commands.run(command, env, request.script());
    if (!result.ok()) {
      String reason = SlurmCliFormat.rejectionReason(result.stderr());
      if (reason.contains("Unable to contact slurm controller")) {
        throw new SchedulerUnavailableException(reason);
      }
      throw new SubmitRejectedException(reason);
    }
    return SlurmCliFormat.parseSubmittedId(result.stdout());
  }

  @Override
  public Map<String, JobStatus> status(Collection<String> jobIds) {
    Map<String, JobStatus> found = new LinkedHashMap<>();
    if (jobIds.isEmpty()) {
      return found;
    }
    String ids = String.join(",", jobIds);
    CommandRunner.Result queue =
        commands.run(
            List.of(
                tool("squeue"), "-h", "-t", "all", "-j", ids, "-o", SlurmCliFormat.SQUEUE_FORMAT),
            environment,
            null);
    if (!queue.ok() && !queue.stderr().contains("Invalid job id")) {
      throw new SchedulerUnavailableException("squeue failed: " + queue.stderr().strip());
    }
    found.putAll(SlurmCliFormat.parseSqueue(queue.stdout()));
    List<String> missing = jobIds.stream().filter(id -> !found.containsKey(id)).toList();
    if (!missing.isEmpty()) {
      // purged from the controller's memory: ask accounting (or the job completion file)
      CommandRunner.Result history =
          commands.run(
              List.of(
                  tool("sacct"),
                  "-c",
                  "-n",
                  "-P",
                  "-j",
                  String.join(",", missing),
                  "-o",
                  SlurmCliFormat.SACCT_FIELDS),
              environment,
              null);
      if (history.ok()) {
        SlurmCliFormat.parseSacct(history.stdout()).forEach(found::putIfAbsent);
      }
    }
    Map<String, JobStatus> answer = new LinkedHashMap<>();
    for (String id : jobIds) {
      answer.put(id, found.getOrDefault(id, JobStatus.unknown(id)));
    }
    return answer;
  }

  @Override
  public List<NamedJob> activeJobsNamed(String prefix) {
    CommandRunner.Result queue =
        commands.run(
            List.of(tool("squeue"), "-h", "--me", "-o", SlurmCliFormat.SQUEUE_NAMED_FORMAT),
            environment,
            null);
    if (!queue.ok()) {
      throw new SchedulerUnavailableException("squeue failed: " + queue.stderr().strip());
    }
    return SlurmCliFormat.parseNamedSqueue(queue.stdout(), prefix);
  }

  /**
   * Cancels the job if it is the gateway user's ({@code --user}: scancel then leaves another user's
   * job alone, silently, even for root), as {@code --me} keeps the listing to its jobs.
   */
  @Override
  public void cancel(String jobId) {
    CommandRunner.Result result =
        commands.run(
            List.of(tool("scancel"), "--user=" + System.getProperty("user.name"), jobId),
            environment,
            null);
    if (!result.ok()
        && !result.stderr().contains("Invalid job id")
        && !result.stderr().contains("already completing or completed")) {
      throw new SchedulerUnavailableException(
          "scancel " + jobId + " failed: " + result.stderr().strip());
    }
  }

  /** {@code sbatch --test-only}: the controller checks the job against its whole configuration. */
  @Override
  public Optional<String> refusal(JobRequest request) {
    List<String> command = new ArrayList<>();
    command.add(tool("sbatch"));
    command.add("--test-only");
    command.addAll(SlurmCliFormat.sbatchArguments(request));
    CommandRunner.Result result = commands.run(command, environment, request.script());
    if (result.ok()) {
      return Optional.empty();
    }
    String reason = SlurmCliFormat.rejectionReason(result.stderr());
    if (reason.contains("Unable to contact slurm controller")) {
      throw new SchedulerUnavailableException(reason);
    }
    return Optional.of(reason.replaceFirst("^allocation failure: ", ""));
  }

  @Override
  public ClusterState describe() {
    CommandRunner.Result nodes =
        commands.run(List.of(tool("scontrol"), "show", "node", "-d", "-o"), environment, null);
    CommandRunner.Result partitions =
        commands.run(List.of(tool("scontrol"), "show", "partition", "-o"), environment, null);
    if (!nodes.ok() || !partitions.ok()) {
      throw new SchedulerUnavailableException(
          "scontrol failed: " + nodes.stderr().strip() + " " + partitions.stderr().strip());
    }
    return SlurmCliFormat.parseCluster(nodes.stdout(), partitions.stdout());
  }
}
