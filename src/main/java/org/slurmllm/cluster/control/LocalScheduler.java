package org.slurmllm.cluster.control;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.slurmllm.cluster.entity.ClusterState;
import org.slurmllm.cluster.entity.JobRequest;
import org.slurmllm.cluster.entity.JobState;
import org.slurmllm.cluster.entity.JobStatus;
import org.slurmllm.cluster.entity.NamedJob;
import org.slurmllm.cluster.entity.SubmitRejectedException;

/**
 * Runs the same batch scripts as SLURM would, as local processes: the embedded default on a laptop
 * or a CI machine without SLURM. It behaves like a one-node cluster: the job gets SLURM's variables
 * ({@code SLURM_JOB_ID}, {@code CUDA_VISIBLE_DEVICES}, ...), its output goes to the output file,
 * time limits and cancellation end its whole process tree, and a job that asks for more GPUs than
 * are free waits in the queue. Jobs live as long as this launcher: they are ended when the
 * application stops, and recorded on disk ({@link LocalJobRecords}) so that what a killed gateway
 * leaves running is stopped by {@code bin/slurm-llm down} or the next launcher.
 *
 * <p>Longer than 300 lines because it is a whole one-node cluster behind the scheduler interface:
 * queue, GPUs, time limits, retention and the end of its processes, each a few lines.
 */
public class LocalScheduler implements Scheduler {

  private static final Logger LOG = Logger.getLogger(LocalScheduler.class.getName());
  static final String NODE = "localhost";

  private final int cpus;
  private final int gpus;
  private final long memoryMb;
  private final Map<String, String> environment;
  private final Clock clock;
  private final AtomicLong ids =
      new AtomicLong(System.currentTimeMillis() / 1000 % 1_000_000 * 1000);
  private final Map<String, LocalJob> jobs = new ConcurrentHashMap<>();
  private final Queue<LocalJob> queue = new ArrayDeque<>();
  private final boolean[] gpuInUse;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "local-scheduler");
            t.setDaemon(true);
            return t;
          });

  /** How long an ended job is still known, as SLURM's default MinJobAge; then it is unknown. */
  static final Duration RETENTION = Duration.ofMinutes(5);

  /** How long a job is given to end after SIGTERM before SIGKILL. */
  static final Duration GRACE = Duration.ofSeconds(5);

  private final Duration retention;
  private LocalJobRecords records;

  public LocalScheduler(int cpus, int gpus, long memoryMb, Map<String, String> environment) {
    this(cpus, gpus, memoryMb, environment, Clock.systemUTC(), RETENTION);
  }

  /**
   * A launcher that records its jobs' processes in the directory, first stopping what an earlier
   * launcher recorded there and left running.
   */
  public LocalScheduler(
      int cpus, int gpus, long memoryMb, Map<String, String> environment, Path recordsDir) {
    this(cpus, gpus, memoryMb, environment);
    this.records = new LocalJobRecords(recordsDir);
    records.stopLeftovers(GRACE);
  }

  LocalScheduler(
      int cpus,
      int gpus,
      long memoryMb,
      Map<String, String> environment,
      Clock clock,
      Duration retention) {
    this.cpus = cpus;
    this.gpus = gpus;
    this.memoryMb = memoryMb;
    this.environment = Map.copyOf(environment);
    this.clock = clock;
    this.retention = retention;
    this.gpuInUse = new boolean[gpus];
  }

  @Override
  public String kind() {
    return "local";
  }

  @Override
  public synchronized String submit(JobRequest request) {
    if (request.gpus() > gpus) {
      throw new SubmitRejectedException(
          "Requested node configuration is not available: "
              + request.gpus()
              + " GPUs asked, the local launcher has "
              + gpus);
    }
    if (request.partition() != null && !request.partition().equals("local")) {
      throw new SubmitRejectedException(
          "Invalid partition name specified: "
              + request.partition()
              + " (the local launcher has one partition, 'local')");
    }
    forgetOldJobs();
    String id = Long.toString(ids.incrementAndGet());
    LocalJob job = new LocalJob(id, request);
    jobs.put(id, job);
    queue.add(job);
    startQueued();
    return id;
  }

  @Override
  public Map<String, JobStatus> status(Collection<String> jobIds) {
    Map<String, JobStatus> answer = new LinkedHashMap<>();
    for (String id : jobIds) {
      LocalJob job = jobs.get(id);
      answer.put(id, job == null ? JobStatus.unknown(id) : job.status());
    }
    return answer;
  }

  @Override
  public List<NamedJob> activeJobsNamed(String prefix) {
    return jobs.values().stream()
        .filter(j -> j.request.name() != null && j.request.name().startsWith(prefix))
        .map(j -> new NamedJob(j.request.name(), j.status()))
        .filter(j -> !j.status().state().isTerminal())
        .toList();
  }

  @Override
  public void cancel(String jobId) {
    LocalJob job = jobs.get(jobId);
    if (job != null) {
      end(job, JobState.CANCELLED, "cancelled");
    }
  }

  @Override
  public synchronized ClusterState describe() {
    List<LocalJob> running =
        jobs.values().stream().filter(j -> j.state == JobState.RUNNING).toList();
    int cpusUsed = running.stream().mapToInt(j -> j.request.cpus()).sum();
    int gpusUsed = running.stream().mapToInt(j -> j.request.gpus()).sum();
    long memoryUsed = running.stream().mapToLong(j -> j.request.memoryMb()).sum();
    var node =
        new ClusterState.Node(
            NODE,
            running.isEmpty() ? "idle" : "mixed",
            List.of("local"),
            cpus,
            Math.min(cpus, cpusUsed),
            gpus,
            gpusUsed,
            memoryMb,
            memoryUsed,
            NODE);
    var partition = ClusterState.Partition.of("local", true, "up", null, List.of(node));
    return new ClusterState("local", null, List.of(partition), List.of(node));
  }

  /**
   * Ends every job still running and waits for them (SIGTERM, SIGKILL after the grace period): the
   * local "cluster" does not outlive the application, and once this returns the JVM may be gone.
   */
  public void shutdown() {
    timer.shutdownNow();
    List<LocalJob> running = new ArrayList<>();
    for (LocalJob j : jobs.values()) {
      synchronized (this) {
        if (j.state.isTerminal()) {
          continue;
        }
        j.state = JobState.CANCELLED;
        j.reason = "launcher stopped";
        j.endTime = clock.instant();
      }
      if (j.process != null) {
        running.add(j);
        LocalProcesses.terminate(j.process);
      }
    }
    LocalProcesses.awaitOrKill(running.stream().map(j -> j.process).toList(), GRACE);
    if (records != null) {
      running.stream().filter(j -> !j.process.isAlive()).forEach(j -> records.forget(j.id));
    }
  }

  private synchronized void startQueued() {
    while (!queue.isEmpty()) {
      LocalJob next = queue.peek();
      if (next.state != JobState.PENDING) {
        queue.remove();
        continue;
      }
      List<Integer> devices = freeGpus(next.request.gpus());
      if (devices == null) {
        return; // first in, first out: later jobs wait behind it, as in SLURM's main scheduler
      }
      queue.remove();
      start(next, devices);
    }
  }

  private List<Integer> freeGpus(int wanted) {
    List<Integer> free = new ArrayList<>();
    for (int i = 0; i < gpus && free.size() < wanted; i++) {
      if (!gpuInUse[i]) {
        free.add(i);
      }
    }
    return free.size() == wanted ? free : null;
  }

  private void start(LocalJob job, List<Integer> devices) {
    JobRequest r = job.request;
    try {
      job.process = LocalProcesses.start(job, environment, devices);
      if (records != null) {
        records.record(job.id, job.process.pid());
      }
      job.devices = devices;
      devices.forEach(d -> gpuInUse[d] = true);
      job.state = JobState.RUNNING;
      job.startTime = clock.instant();
      job.endTime = job.startTime.plus(Duration.ofMinutes(r.timeLimitMinutes()));
      timer.schedule(
          () -> end(job, JobState.TIMEOUT, "time limit reached"),
          r.timeLimitMinutes(),
          TimeUnit.MINUTES);
      job.process.onExit().thenRun(() -> exited(job));
    } catch (IOException e) {
      LOG.log(Level.WARNING, e, () -> "local job " + job.id + " could not start");
      job.state = JobState.FAILED;
      job.reason = "could not start: " + e.getMessage();
      job.endTime = clock.instant();
    }
  }

  private void exited(LocalJob job) {
    synchronized (this) {
      if (job.state == JobState.RUNNING) {
        int code = job.process.exitValue();
        job.exitCode = code;
        job.state = code == 0 ? JobState.COMPLETED : JobState.FAILED;
        job.reason = code == 0 ? null : "exit code " + code;
        job.endTime = clock.instant();
      }
      release(job);
    }
    if (records != null) {
      records.forget(job.id);
    }
    startQueued();
  }

  private void end(LocalJob job, JobState state, String reason) {
    synchronized (this) {
      if (job.state.isTerminal()) {
        return;
      }
      job.state = state;
      job.reason = reason;
      job.endTime = clock.instant();
    }
    Process p = job.process;
    if (p != null) {
      LocalProcesses.stop(p, GRACE);
    } else {
      synchronized (this) {
        release(job);
      }
    }
  }

  /** Jobs that ended longer than the retention ago are forgotten, so memory stays flat. */
  private void forgetOldJobs() {
    Instant before = clock.instant().minus(retention);
    jobs.values()
        .removeIf(j -> j.state.isTerminal() && j.endTime != null && j.endTime.isBefore(before));
  }

  private void release(LocalJob job) {
    if (job.devices != null) {
      job.devices.forEach(d -> gpuInUse[d] = false);
      job.devices = null;
    }
  }
}
