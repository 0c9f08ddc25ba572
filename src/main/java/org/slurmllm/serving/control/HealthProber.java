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
import org.slurmllm.serving.control.ReplicaLifecycle.Probe;

/** Asks model servers' {@code /health}, all at once, each with a deadline. */
@ApplicationScoped
public class HealthProber {

  @Inject ServingSettings settings;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /** endpoint ("host:port") by replica -> its probe outcome. */
  public Map<UUID, Probe> probe(Map<UUID, String> endpoints) {
    Map<UUID, CompletableFuture<Probe>> pending = new HashMap<>();
    endpoints.forEach((id, endpoint) -> pending.put(id, probe(endpoint)));
    Map<UUID, Probe> results = new HashMap<>();
    pending.forEach((id, future) -> results.put(id, future.join()));
    return results;
  }

  private CompletableFuture<Probe> probe(String endpoint) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://" + endpoint + "/health"))
            .timeout(settings.probeTimeout())
            .GET()
            .build();
    return http.sendAsync(request, BodyHandlers.discarding())
        .thenApply(r -> r.statusCode() == 200 ? Probe.HEALTHY : Probe.UNHEALTHY)
        .exceptionally(e -> Probe.UNHEALTHY);
  }
}
