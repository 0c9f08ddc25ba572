package org.slurmllm.routing.control;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slurmllm.access.entity.ServiceTier;
import org.slurmllm.metrics.Meters;
import org.slurmllm.routing.entity.Endpoint;

/**
 * The inference path's meters: requests by model, endpoint and status, their duration and time to
 * first token, tokens, the admission queue (by tier, with the time waited and the tokens served by
 * tenant and tier), refusals, retries and open circuits. Labelled by model (catalog names only: a
 * request for a model that does not exist counts as {@code none}), tier and tenant, never by key.
 * The meters are looked up once per label set and kept: a request costs a map lookup and an atomic
 * add per meter, on the I/O thread, nothing more.
 */
@ApplicationScoped
public class GatewayMeters {

  /** The model label of a request that did not name a usable model. */
  public static final String NO_MODEL = "none";

  @Inject Meters meters;

  private record Served(String model, String endpoint, int status) {}

  /** A model and one more label value (an endpoint, a reason). */
  private record ModelAnd(String model, String value) {}

  private final Map<Served, Counter> requests = new ConcurrentHashMap<>();
  private final Map<ModelAnd, Timer> durations = new ConcurrentHashMap<>();
  private final Map<String, Timer> firstTokens = new ConcurrentHashMap<>();
  private final Map<String, Counter[]> tokens = new ConcurrentHashMap<>();
  private final Map<String, Counter> retries = new ConcurrentHashMap<>();
  private final Map<ModelAnd, Counter> refusals = new ConcurrentHashMap<>();
  private final Map<ModelAnd, Timer> waits = new ConcurrentHashMap<>();

  private record TenantTier(String model, String tenant, ServiceTier tier) {}

  private final Map<TenantTier, Counter> fairTokens = new ConcurrentHashMap<>();
  private MultiGauge circuits;

  /** For CDI. */
  protected GatewayMeters() {}

  /** Meters in the given set (tests). */
  public GatewayMeters(Meters meters) {
    this.meters = meters;
    register();
  }

  @PostConstruct
  void register() {
    circuits =
        meters.gauges(
            "slurmllm.circuit.open",
            "1 while a READY replica is out of rotation after failed requests, else 0");
  }

  /** A request to an inference endpoint ended (whatever answered it). */
  public void served(String model, String endpoint, int status, long nanos) {
    requests
        .computeIfAbsent(
            new Served(model, endpoint, status),
            s ->
                meters.counter(
                    "slurmllm.requests",
                    "Requests to the inference endpoints",
                    "model",
                    s.model(),
                    "endpoint",
                    s.endpoint(),
                    "status",
                    Integer.toString(s.status())))
        .increment();
    durations
        .computeIfAbsent(
            new ModelAnd(model, endpoint),
            n ->
                meters.latency(
                    "slurmllm.request.duration",
                    "From the request's arrival to its answer's last byte",
                    "model",
                    n.model(),
                    "endpoint",
                    n.value()))
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  /** A relayed answer's first token came {@code nanos} after its request. */
  public void firstToken(String model, long nanos) {
    firstTokens
        .computeIfAbsent(
            model,
            m ->
                meters.latency(
                    "slurmllm.time.to.first.token",
                    "From the request's routing (its key, body and model checked) to its first token relayed",
                    "model",
                    m))
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  /** Tokens of a relayed answer (as the replica reported them, or as counted when it broke). */
  public void tokens(String model, int prompt, int completion) {
    Counter[] pair =
        tokens.computeIfAbsent(
            model,
            m ->
                new Counter[] {
                  meters.counter("slurmllm.tokens", "Tokens relayed", "model", m, "kind", "prompt"),
                  meters.counter(
                      "slurmllm.tokens", "Tokens relayed", "model", m, "kind", "completion")
                });
    pair[0].increment(prompt);
    pair[1].increment(completion);
  }

  /** A request went to another replica (or again) after a failed try. */
  public void retried(String model) {
    retries(model).increment();
  }

  /** Why admission turns a request away: at once, after waiting, or for want of a replica. */
  static final List<String> REFUSALS =
      List.of("queue_full", "tenant_share", "queue_timeout", "no_replica");

  /**
   * Admission turned a request away: {@code queue_full} (429 at once: the model's queue), {@code
   * tenant_share} (429 at once: the tenant's share of it), {@code queue_timeout} (429 after
   * waiting) or {@code no_replica} (503: no replica became READY in the cold-start bound).
   */
  public void refused(String model, String reason) {
    refusal(model, reason).increment();
  }

  private Counter refusal(String model, String reason) {
    return refusals.computeIfAbsent(
        new ModelAnd(model, reason),
        n ->
            meters.counter(
                "slurmllm.admission.refused",
                "Requests admission turned away",
                "model",
                n.model(),
                "reason",
                n.value()));
  }

  private Counter retries(String model) {
    return retries.computeIfAbsent(
        model,
        m ->
            meters.counter(
                "slurmllm.upstream.retries",
                "Requests sent again after a replica failed them before the first byte",
                "model",
                m));
  }

  /** What the meters read of a model's queue (the queue itself: gauges hold it weakly). */
  public interface QueueDepths {
    int size();

    int waitingAt(ServiceTier tier);
  }

  /** The model's admission queue, measured at each scrape: all, and by tier. */
  public void queue(String model, QueueDepths queue) {
    meters.gauge(
        "slurmllm.queue.depth",
        "Requests waiting for a replica slot",
        queue,
        QueueDepths::size,
        "model",
        model);
    for (ServiceTier tier : ServiceTier.values()) {
      meters.gauge(
          "slurmllm.queue.waiting",
          "Requests waiting for a replica slot, by service tier",
          queue,
          q -> q.waitingAt(tier),
          "model",
          model,
          "tier",
          tier.value());
    }
    // counters from zero, so that a rate over them is defined before the first event
    retries(model);
    REFUSALS.forEach(reason -> refusal(model, reason));
  }

  /** A request got its slot after waiting this long (0: at once), at its tier. */
  public void waited(String model, ServiceTier tier, long nanos) {
    waits
        .computeIfAbsent(
            new ModelAnd(model, tier.value()),
            n ->
                meters.latency(
                    "slurmllm.queue.time",
                    "Time a request waited for a replica slot, by service tier",
                    "model",
                    n.model(),
                    "tier",
                    n.value()))
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  /** Tokens served to a tenant at a tier (its fair share's measure). */
  public void servedTokens(String model, String tenant, ServiceTier tier, long tokens) {
    fairTokens
        .computeIfAbsent(
            new TenantTier(model, tenant, tier),
            n ->
                meters.counter(
                    "slurmllm.fair.tokens",
                    "Tokens served by tenant and service tier (prompt and completion)",
                    "model",
                    n.model(),
                    "tenant",
                    n.tenant(),
                    "tier",
                    n.tier().value()))
        .increment(tokens);
  }

  /** The READY replicas; whether the circuit breaker holds one out is read at each scrape. */
  public void circuits(List<Endpoint> ready, Predicate<Endpoint> open) {
    circuits.register(
        ready.stream()
            .map(
                e ->
                    MultiGauge.Row.of(
                        Tags.of("replica", e.replicaId().toString(), "model", e.model()),
                        e,
                        x -> open.test(x) ? 1 : 0))
            .toList(),
        true);
  }
}
