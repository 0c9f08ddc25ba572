package org.slurmllm.routing.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Routing and admission settings (environment variables SLURMLLM_..., see the README). */
@ApplicationScoped
public class RoutingSettings {

  @Inject
  @ConfigProperty(name = "slurmllm.queue.size", defaultValue = "256")
  int queueSize;

  @Inject
  @ConfigProperty(name = "slurmllm.queue.per.tenant", defaultValue = "64")
  int queuePerTenant;

  @Inject
  @ConfigProperty(name = "slurmllm.queue.timeout.seconds", defaultValue = "30")
  long queueTimeoutSeconds;

  @Inject
  @ConfigProperty(name = "slurmllm.flex.max.wait.seconds", defaultValue = "10")
  long flexMaxWaitSeconds;

  @Inject
  @ConfigProperty(name = "slurmllm.queue.order", defaultValue = "fair")
  String queueOrder;

  @Inject
  @ConfigProperty(name = "slurmllm.queue.headroom", defaultValue = "true")
  boolean headroom;

  @Inject
  @ConfigProperty(name = "slurmllm.fair.prompt.weight", defaultValue = "1")
  double promptWeight;

  @Inject
  @ConfigProperty(name = "slurmllm.fair.completion.weight", defaultValue = "2")
  double completionWeight;

  @Inject
  @ConfigProperty(name = "slurmllm.cold.start.timeout.seconds", defaultValue = "120")
  long coldStartTimeoutSeconds;

  @Inject
  @ConfigProperty(name = "slurmllm.upstream.timeout.seconds", defaultValue = "450")
  long upstreamTimeoutSeconds;

  @Inject
  @ConfigProperty(name = "slurmllm.upstream.idle.seconds", defaultValue = "60")
  long upstreamIdleSeconds;

  @Inject
  @ConfigProperty(name = "slurmllm.retries", defaultValue = "2")
  int retries;

  /** The HTTP listener's (wildfly-config/server.cli reads the same variable). */
  @Inject
  @ConfigProperty(name = "slurmllm.http.read.timeout.ms", defaultValue = "600000")
  long readTimeoutMillis;

  /**
   * The most choices ({@code n}) one request may ask for: each is a whole completion, held against
   * the key's budget and run by a replica, so a large {@code n} is a large request in disguise.
   */
  @Inject
  @ConfigProperty(name = "slurmllm.max.choices", defaultValue = "8")
  int maxChoices;

  public int maxChoices() {
    return maxChoices;
  }

  /** Requests that may wait for a replica of one model; beyond that, 429. */
  public int queueSize() {
    return queueSize;
  }

  /**
   * Requests of one tenant (a key without a tenant: of that key) that may wait for one model: its
   * flood gets 429s while the other tenants still queue. Unbounded (the model's queue alone) when
   * the queue is first come, first served.
   */
  public int queuePerTenant() {
    return fifo() ? queueSize : queuePerTenant;
  }

  /**
   * Whether waiting requests are served first come, first served, whatever their tenant and tier
   * ({@code SLURMLLM_QUEUE_ORDER=fifo}): the order before the fair share, kept to measure it
   * against.
   */
  public boolean fifo() {
    return "fifo".equals(queueOrder);
  }

  /**
   * Whether a request the queue would serve first (a better tier than some in flight, or a tenant
   * with nothing in flight) may take one slot beyond a replica's {@code targetConcurrency}.
   */
  public boolean headroom() {
    return headroom && !fifo();
  }

  /** Longest a {@code flex} request waits behind higher tiers before it competes with them. */
  public Duration flexMaxWait() {
    return Duration.ofSeconds(flexMaxWaitSeconds);
  }

  /**
   * A request's cost to its tenant's fair share: prompt and completion tokens weighted (completion
   * tokens cost a model server more: VTC's weights are 1 and 2).
   */
  public double weightedTokens(long prompt, long completion) {
    return promptWeight * prompt + completionWeight * completion;
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

  /**
   * Why some requests would be cut with no answer at all, if the settings let one: the listener
   * closes a connection that sends nothing for its read timeout, so every wait of the gateway (for
   * a replica, then for its answer) must end before it, in an answer. Empty when they do.
   */
  public Optional<String> unansweredWaits() {
    long longestWait =
        Math.max(coldStartTimeoutSeconds, queueTimeoutSeconds) * 1000
            + upstreamTimeoutSeconds * 1000;
    if (readTimeoutMillis <= 0 || readTimeoutMillis > longestWait) {
      return Optional.empty();
    }
    return Optional.of(
        "SLURMLLM_HTTP_READ_TIMEOUT_MS ("
            + readTimeoutMillis
            + " ms) is not above the longest wait of a request (cold start or queue "
            + Math.max(coldStartTimeoutSeconds, queueTimeoutSeconds)
            + " s, then the answer "
            + upstreamTimeoutSeconds
            + " s): the listener closes such requests with no answer. Raise it, or lower"
            + " SLURMLLM_COLD_START_TIMEOUT_SECONDS and SLURMLLM_UPSTREAM_TIMEOUT_SECONDS.");
  }
}
