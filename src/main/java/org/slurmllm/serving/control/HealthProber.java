package org.slurmllm.serving.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slurmllm.serving.control.ReplicaLifecycle.Probe;

/**
 * Asks model servers' {@code /health} without holding up the reconciler: probes run in the
 * background, each with its own deadline, and the reconciler takes whatever outcomes have arrived.
 * It waits a few milliseconds for fresh ones, so a server that answers at once is READY in the same
 * pass, while a hung one costs the pass nothing. Its one probe of a server is also routing's
 * (through {@code serving.boundary.ReplicaHealth}), each caller with its own timeout.
 */
@ApplicationScoped
public class HealthProber {

  static final Duration FRESH_WAIT = Duration.ofMillis(50);

  @Inject ServingSettings settings;

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();
  private final Map<UUID, CompletableFuture<Probe>> inFlight = new ConcurrentHashMap<>();

  /**
   * Starts a probe for each replica that has none running, waits briefly, and answers the outcome
   * of every finished probe (each outcome is answered once); NOT_PROBED for the others.
   */
  public Map<UUID, Probe> probe(Map<UUID, String> endpoints) {
    endpoints.forEach((id, endpoint) -> inFlight.computeIfAbsent(id, i -> probe(endpoint)));
    CompletableFuture<Void> all =
        CompletableFuture.allOf(
            endpoints.keySet().stream().map(inFlight::get).toArray(CompletableFuture[]::new));
    try {
      all.get(FRESH_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      // slow probes finish in the background; their outcome comes with a later pass
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Map<UUID, Probe> outcomes = new HashMap<>();
    for (UUID id : endpoints.keySet()) {
      CompletableFuture<Probe> probe = inFlight.get(id);
      if (probe != null && probe.isDone()) {
        inFlight.remove(id);
        outcomes.put(id, probe.getNow(Probe.UNHEALTHY));
      } else {
        outcomes.put(id, Probe.NOT_PROBED);
      }
    }
    return outcomes;
  }

  /** Whether a probe of the replica was started and its outcome not yet taken. */
  public boolean pending(UUID id) {
    return inFlight.containsKey(id);
  }

  /** Forgets a replica that ended. */
  public void forget(UUID id) {
    inFlight.remove(id);
  }

  /**
   * One probe of the server at {@code address} (host:port), the one every caller uses (routing's
   * through {@code ReplicaHealth}): true when it answered 200 within {@code timeout}, false
   * otherwise; never exceptionally.
   */
  public CompletableFuture<Boolean> healthy(String address, Duration timeout) {
    HttpRequest request;
    try {
      request =
          HttpRequest.newBuilder(URI.create("http://" + address + "/health"))
              .timeout(timeout)
              .GET()
              .build();
    } catch (IllegalArgumentException e) {
      // an address that is no URL: unhealthy, and no reason to stop probing the others
      return CompletableFuture.completedFuture(false);
    }
    return http.sendAsync(request, BodyHandlers.discarding())
        .thenApply(r -> r.statusCode() == 200)
        .exceptionally(e -> false);
  }

  private CompletableFuture<Probe> probe(String endpoint) {
    return healthy(endpoint, settings.probeTimeout())
        .thenApply(up -> up ? Probe.HEALTHY : Probe.UNHEALTHY);
  }
}
