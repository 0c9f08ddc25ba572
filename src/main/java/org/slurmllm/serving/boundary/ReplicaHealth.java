package org.slurmllm.serving.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.slurmllm.serving.control.HealthProber;

/**
 * Whether a replica's model server answers its {@code /health}: the one probe of a replica, the
 * reconciler's readiness probe, published for routing, which puts replicas whose circuit opened
 * back in rotation by it. Asynchronous: no caller's thread waits for a server.
 */
@ApplicationScoped
public class ReplicaHealth {

  private final HealthProber prober;

  /** For the container's client proxy only. */
  protected ReplicaHealth() {
    this(null);
  }

  @Inject
  public ReplicaHealth(HealthProber prober) {
    this.prober = prober;
  }

  /**
   * Completes with true when the server at {@code address} (host:port) answered 200 within {@code
   * timeout}, with false otherwise; never exceptionally.
   */
  public CompletableFuture<Boolean> probe(String address, Duration timeout) {
    return prober.healthy(address, timeout);
  }
}
