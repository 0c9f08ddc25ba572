package org.slurmllm.routing.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slurmllm.routing.entity.Endpoint;
import org.slurmllm.serving.entity.ReconcilePassed;

/**
 * Puts replicas whose circuit opened back into rotation once their {@code /health} answers 200
 * again. Probes at most once a second each, in the background, driven by the reconcile passes every
 * gateway runs (so it works on gateways that are not the reconciling leader too).
 */
@ApplicationScoped
public class CircuitProbe {

  static final Duration INTERVAL = Duration.ofSeconds(1);
  static final Duration TIMEOUT = Duration.ofSeconds(2);

  @Inject ReplicaDirectory directory;

  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();
  private final Map<UUID, Long> probedAt = new ConcurrentHashMap<>();

  void onReconcilePassed(@Observes ReconcilePassed pass) {
    long now = System.nanoTime();
    probedAt
        .keySet()
        .retainAll(directory.outOfRotation().stream().map(Endpoint::replicaId).toList());
    for (Endpoint e : directory.outOfRotation()) {
      Long last = probedAt.get(e.replicaId());
      if (last == null || now - last >= INTERVAL.toNanos()) {
        probedAt.put(e.replicaId(), now);
        probe(e);
      }
    }
  }

  private void probe(Endpoint endpoint) {
    HttpRequest request;
    try {
      request =
          HttpRequest.newBuilder(URI.create("http://" + endpoint.address() + "/health"))
              .timeout(TIMEOUT)
              .GET()
              .build();
    } catch (IllegalArgumentException e) {
      return;
    }
    http.sendAsync(request, BodyHandlers.discarding())
        .thenAccept(
            r -> {
              if (r.statusCode() == 200) {
                directory.succeeded(endpoint.replicaId());
              }
            })
        .exceptionally(failure -> null); // still out; tried again next second
  }
}
