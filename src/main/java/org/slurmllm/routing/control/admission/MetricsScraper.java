package org.slurmllm.routing.control.admission;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slurmllm.routing.control.upstream.ReplicaTraffic;
import org.slurmllm.routing.entity.Endpoint;
import org.slurmllm.routing.entity.ReportedLoad;
import org.slurmllm.serving.boundary.ReplicaLoad;
import org.slurmllm.serving.entity.ReconcilePassed;

/**
 * Reads READY replicas' {@code /metrics} (running and waiting requests, vLLM's names) in the
 * background, at most once a second each, so the choice of replica sees load that did not come
 * through this gateway. Driven by the reconcile passes every gateway runs; requests never wait for
 * it. Fetched through {@link ReplicaTraffic} like every other call to a replica; the text is read
 * off its I/O thread.
 */
@ApplicationScoped
public class MetricsScraper {

  static final Duration INTERVAL = Duration.ofSeconds(1);
  static final Duration TIMEOUT = Duration.ofSeconds(2);
  static final String RUNNING = "vllm:num_requests_running";
  static final String WAITING = "vllm:num_requests_waiting";

  @Inject ReplicaDirectory directory;

  @Inject ReplicaLoad load;

  @Inject ReplicaTraffic traffic;

  /** Where an answer is read (not the I/O thread, which other calls to replicas share). */
  @Resource ManagedExecutorService executor;

  private final Map<UUID, ReportedLoad> reports = new ConcurrentHashMap<>();
  private final Map<UUID, Long> startedAt = new ConcurrentHashMap<>();

  /** The replica's last fresh-enough report, or null. */
  public ReportedLoad reported(UUID replica) {
    return reports.get(replica);
  }

  void onReconcilePassed(@Observes ReconcilePassed pass) {
    scrapeDue(System.nanoTime());
  }

  void scrapeDue(long now) {
    Map<UUID, Endpoint> live =
        directory.allReady().stream().collect(Collectors.toMap(Endpoint::replicaId, e -> e));
    Set<UUID> gone = Set.copyOf(reports.keySet());
    for (UUID id : gone) {
      if (!live.containsKey(id)) {
        reports.remove(id);
        startedAt.remove(id);
      }
    }
    for (Endpoint e : live.values()) {
      Long last = startedAt.get(e.replicaId());
      if (last == null || now - last >= INTERVAL.toNanos()) {
        startedAt.put(e.replicaId(), now);
        scrape(e);
      }
    }
  }

  private void scrape(Endpoint endpoint) {
    traffic
        // with the replica's key: vLLM and the worker serve /metrics to anyone, llama-server with
        // an
        // API key only to its holder
        .get(endpoint, "/metrics", TIMEOUT)
        .thenAcceptAsync(
            response -> {
              if (response.status() != 200) {
                return;
              }
              OptionalDouble running = PrometheusText.sum(response.body(), RUNNING);
              OptionalDouble waiting = PrometheusText.sum(response.body(), WAITING);
              if (running.isPresent() || waiting.isPresent()) {
                ReportedLoad report =
                    new ReportedLoad(
                        (int) running.orElse(0), (int) waiting.orElse(0), System.nanoTime());
                reports.put(endpoint.replicaId(), report);
                // the autoscaler and draining see every gateway's requests through it
                load.reported(endpoint.model(), endpoint.replicaId(), report.total());
              }
            },
            executor)
        .exceptionally(failure -> null); // no report: routing uses its own count
  }
}
