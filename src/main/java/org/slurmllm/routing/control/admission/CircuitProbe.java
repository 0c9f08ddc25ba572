package org.slurmllm.routing.control.admission;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slurmllm.routing.entity.Endpoint;
import org.slurmllm.serving.boundary.ReplicaHealth;
import org.slurmllm.serving.entity.ReconcilePassed;

/**
 * Puts replicas whose circuit opened back into rotation once their {@code /health} answers 200
 * again. Probes at most once a second each, in the background, driven by the reconcile passes every
 * gateway runs (so it works on gateways that are not the reconciling leader too), with the probe
 * serving uses for readiness.
 */
@ApplicationScoped
public class CircuitProbe {

  static final Duration INTERVAL = Duration.ofSeconds(1);
  static final Duration TIMEOUT = Duration.ofSeconds(2);

  @Inject ReplicaDirectory directory;

  @Inject ReplicaHealth health;

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
    health
        .probe(endpoint.address(), TIMEOUT)
        .thenAccept(
            up -> {
              if (up) {
                directory.succeeded(endpoint.replicaId());
              }
            }); // still out: tried again next second
  }
}
