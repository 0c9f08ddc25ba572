package org.slurmllm.bulk.control;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.slurmllm.cluster.boundary.Cluster;
import org.slurmllm.cluster.entity.JobState;
import org.slurmllm.cluster.entity.JobStatus;

/**
 * Watches every running chunk job with one poller: one scheduler query a second for all of them,
 * however many batches run. A chunk's thread waits on a future instead of asking SLURM itself.
 */
@ApplicationScoped
public class ChunkWatcher {

  private static final Logger LOG = Logger.getLogger(ChunkWatcher.class.getName());

  /** How long a newly watched job may be unknown to the scheduler before that counts as its end. */
  static final Duration UNKNOWN_GRACE = Duration.ofSeconds(30);

  @Inject Cluster scheduler;
  @Resource ManagedScheduledExecutorService timer;

  private final Map<String, CompletableFuture<JobStatus>> ends = new ConcurrentHashMap<>();
  private final Map<String, JobStatus> latest = new ConcurrentHashMap<>();
  private final Map<String, Long> watchedSince = new ConcurrentHashMap<>();
  private ScheduledFuture<?> poller;

  /** Completes with the job's final status. */
  public synchronized CompletableFuture<JobStatus> ended(String jobId) {
    if (poller == null) {
      poller = timer.scheduleWithFixedDelay(this::poll, 0, 1, TimeUnit.SECONDS);
    }
    watchedSince.putIfAbsent(jobId, System.nanoTime());
    return ends.computeIfAbsent(jobId, id -> new CompletableFuture<>());
  }

  /** What the last poll said of the job (null before the first). */
  public JobStatus latest(String jobId) {
    return latest.get(jobId);
  }

  void poll() {
    if (ends.isEmpty()) {
      return;
    }
    try {
      // a copy: jobs registered while the scheduler answers are asked about next time
      Map<String, JobStatus> states = scheduler.status(Set.copyOf(ends.keySet()));
      long now = System.nanoTime();
      states.forEach(
          (id, status) -> {
            latest.put(id, status);
            boolean young = now - watchedSince.getOrDefault(id, now) < UNKNOWN_GRACE.toNanos();
            if (status.state() == JobState.UNKNOWN && young) {
              return; // a job submitted a moment ago may not be listed yet
            }
            if (status.state().isTerminal()) {
              watchedSince.remove(id);
              CompletableFuture<JobStatus> end = ends.remove(id);
              latest.remove(id);
              if (end != null) {
                end.complete(status);
              }
            }
          });
    } catch (RuntimeException e) {
      // the scheduler is away for a moment: the jobs are still there, ask again next second
      LOG.log(Level.WARNING, "chunk job poll failed: {0}", e.getMessage());
    }
  }

  @PreDestroy
  synchronized void stop() {
    if (poller != null) {
      poller.cancel(false);
    }
  }
}
