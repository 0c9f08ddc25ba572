package org.slurmllm.serving.control;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * In-flight requests per model and per replica, and each model's last request, kept in memory (the
 * hot path does no database work). Routing reports requests; the reconciler reads the load and
 * folds it into a moving average for the autoscaler.
 */
@ApplicationScoped
public class LoadTracker {

  static final Duration AVERAGE_TIME_CONSTANT = Duration.ofSeconds(30);

  private final Clock clock = Clock.systemUTC();
  private final Instant started = clock.instant();
  private final Map<String, AtomicInteger> inFlightByModel = new ConcurrentHashMap<>();
  private final Map<UUID, AtomicInteger> inFlightByReplica = new ConcurrentHashMap<>();
  private final Map<String, Instant> lastRequest = new ConcurrentHashMap<>();
  private final Map<String, Double> average = new ConcurrentHashMap<>();
  private final Map<String, Instant> sampledAt = new ConcurrentHashMap<>();

  /** What a replica's server last said it has running and waiting (every gateway's requests). */
  private record Report(String model, int requests, Instant at) {}

  /** A report older than this is ignored. */
  static final Duration FRESH = Duration.ofSeconds(5);

  private final Map<UUID, Report> reports = new ConcurrentHashMap<>();

  /**
   * The replica's own count of requests running and waiting (its {@code /metrics}), which includes
   * those of other gateways: the autoscaler and draining go by it, so a quiet gateway never scales
   * down or drains a replica busy through another.
   */
  public void reported(String model, UUID replica, int requests) {
    reports.put(replica, new Report(model, requests, clock.instant()));
  }

  /**
   * Requests on the replica from every gateway as far as known: this gateway's own, or the
   * replica's fresh report when larger. For draining; admission counts its own (see inFlight).
   */
  public int busy(UUID replica) {
    Report r = fresh(replica);
    return r == null ? inFlight(replica) : Math.max(inFlight(replica), r.requests());
  }

  private Report fresh(UUID replica) {
    Report r = reports.get(replica);
    return r == null || Duration.between(r.at(), clock.instant()).compareTo(FRESH) > 0 ? null : r;
  }

  /** A request for the model arrived (also before any replica exists: it asks for one). */
  public void arrived(String model) {
    lastRequest.put(model, clock.instant());
  }

  public void started(String model, UUID replica) {
    arrived(model);
    inFlightByModel.computeIfAbsent(model, m -> new AtomicInteger()).incrementAndGet();
    inFlightByReplica.computeIfAbsent(replica, r -> new AtomicInteger()).incrementAndGet();
  }

  public void finished(String model, UUID replica) {
    AtomicInteger m = inFlightByModel.get(model);
    if (m != null) {
      m.decrementAndGet();
    }
    AtomicInteger r = inFlightByReplica.get(replica);
    if (r != null) {
      r.decrementAndGet();
    }
  }

  public int inFlight(UUID replica) {
    AtomicInteger r = inFlightByReplica.get(replica);
    return r == null ? 0 : Math.max(0, r.get());
  }

  /** Takes a sample of the model's in-flight count and answers the updated moving average. */
  public double sampleAverage(String model) {
    Instant now = clock.instant();
    AtomicInteger current = inFlightByModel.get(model);
    int own = current == null ? 0 : Math.max(0, current.get());
    int everyone =
        reports.entrySet().stream()
            .filter(e -> e.getValue().model().equals(model))
            .mapToInt(e -> busy(e.getKey()))
            .sum();
    double sample = Math.max(own, everyone);
    Instant previous = sampledAt.put(model, now);
    Duration dt = previous == null ? AVERAGE_TIME_CONSTANT : Duration.between(previous, now);
    return average.merge(
        model, sample, (old, s) -> Autoscaler.movingAverage(old, s, dt, AVERAGE_TIME_CONSTANT));
  }

  /** Time since the model's last request, or null if it had none since this gateway started. */
  public Duration sinceLastRequest(String model) {
    Instant last = lastRequest.get(model);
    return last == null ? null : Duration.between(last, clock.instant());
  }

  /** Time since this gateway started counting. */
  public Duration sinceStart() {
    return Duration.between(started, clock.instant());
  }

  /** Forgets a replica that ended. */
  public void forget(UUID replica) {
    inFlightByReplica.remove(replica);
    reports.remove(replica);
  }
}
