package org.slurmllm.routing.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Routing and admission settings (environment variables SLURMLLM_..., see the README). */
@ApplicationScoped
public class RoutingSettings {

  @Inject
  @ConfigProperty(name = "slurmllm.queue.size", defaultValue = "256")
  int queueSize;

  @Inject
  @ConfigProperty(name = "slurmllm.queue.timeout.seconds", defaultValue = "30")
  long queueTimeoutSeconds;

  @Inject
  @ConfigProperty(name = "slurmllm.cold.start.timeout.seconds", defaultValue = "120")
  long coldStartTimeoutSeconds;

  @Inject
  @ConfigProperty(name = "slurmllm.upstream.timeout.seconds", defaultValue = "600")
  long upstreamTimeoutSeconds;

  @Inject
  @ConfigProperty(name = "slurmllm.upstream.idle.seconds", defaultValue = "60")
  long upstreamIdleSeconds;

  @Inject
  @ConfigProperty(name = "slurmllm.retries", defaultValue = "2")
  int retries;

  /** Requests that may wait for a replica of one model; beyond that, 429. */
  public int queueSize() {
    return queueSize;
  }

  /** Longest wait for a free slot while replicas are busy; then 429. */
  public Duration queueTimeout() {
    return Duration.ofSeconds(queueTimeoutSeconds);
  }

  /** Longest wait for a model without replicas to get one; then 503. */
  public Duration coldStartTimeout() {
    return Duration.ofSeconds(coldStartTimeoutSeconds);
  }

  public Duration upstreamTimeout() {
    return Duration.ofSeconds(upstreamTimeoutSeconds);
  }

  /** Longest silence of a replica within a streamed answer: then an error event ends it. */
  public Duration upstreamIdle() {
    return Duration.ofSeconds(upstreamIdleSeconds);
  }

  /** Other replicas tried after a failure before the first byte. */
  public int retries() {
    return retries;
  }
}
