package org.slurmllm.serving.control;

import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slurmllm.metrics.Meters;
import org.slurmllm.serving.entity.ReplicaState;

/**
 * Replicas as Prometheus sees them: how many each model has in each live state (from the shared
 * database, so every gateway reports the same) and how long replicas took from submission to READY.
 */
@ApplicationScoped
public class ServingMeters {

  /** A model server's start: seconds for a small model, minutes for a large one on a busy node. */
  static final List<Duration> START_TIMES =
      List.of(1, 2, 5, 10, 20, 30, 60, 120, 300, 600, 1800).stream()
          .map(Duration::ofSeconds)
          .toList();

  private static final List<ReplicaState> LIVE =
      List.of(
          ReplicaState.PENDING, ReplicaState.STARTING, ReplicaState.READY, ReplicaState.DRAINING);

  @Inject Meters meters;
  @Inject ReplicaCensus census;

  private MultiGauge replicas;
  private final Map<String, Timer> starts = new ConcurrentHashMap<>();
  private volatile long countedAt;

  @PostConstruct
  void register() {
    replicas = meters.gauges("slurmllm.replicas", "Replicas by model and live state");
  }

  /** A replica became READY this long after its job was submitted. */
  void started(String model, Duration submitToReady) {
    starts
        .computeIfAbsent(
            model,
            m ->
                meters.timer(
                    "slurmllm.replica.start",
                    "From a replica's job submission to READY",
                    START_TIMES,
                    "model",
                    m))
        .record(submitToReady);
  }

  /** Counts the replicas again, at most every few seconds (one grouped query). */
  public void count() {
    long now = System.nanoTime();
    if (now - countedAt < 5_000_000_000L) {
      return;
    }
    countedAt = now;
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    census
        .live()
        .forEach(
            (model, byState) -> {
              for (ReplicaState state : LIVE) {
                rows.add(
                    MultiGauge.Row.of(
                        Tags.of("model", model, "state", state.name()),
                        byState.getOrDefault(state.name(), 0L)));
              }
            });
    replicas.register(rows, true);
  }
}
