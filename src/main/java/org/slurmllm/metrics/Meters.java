package org.slurmllm.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.logging.Logger;

/**
 * The application's meters, in the server's registry (WildFly's micrometer subsystem, exported as
 * Prometheus text at {@code /metrics} on the management port). Every feature registers its own
 * meters here; names are {@code slurmllm.*} (Prometheus: {@code slurmllm_*}). The registry outlives
 * a deployment, so what this deployment registered is removed when it goes: a redeployed
 * application's gauges must not keep reading the beans of the one before.
 */
@ApplicationScoped
public class Meters {

  /**
   * Histogram buckets that fit LLM latencies, from a relayed token (10 ms) to a long answer of a
   * large model (120 s).
   */
  public static final List<Duration> LLM_LATENCIES =
      List.of(
          Duration.ofMillis(10),
          Duration.ofMillis(25),
          Duration.ofMillis(50),
          Duration.ofMillis(100),
          Duration.ofMillis(250),
          Duration.ofMillis(500),
          Duration.ofSeconds(1),
          Duration.ofMillis(2500),
          Duration.ofSeconds(5),
          Duration.ofSeconds(10),
          Duration.ofSeconds(30),
          Duration.ofSeconds(60),
          Duration.ofSeconds(120));

  private static final Logger LOG = Logger.getLogger(Meters.class.getName());
  private static final String PREFIX = "slurmllm.";

  private volatile MeterRegistry registry;

  @Inject Instance<MeterRegistry> server;

  /** For CDI. */
  protected Meters() {}

  /** Meters in the given registry (tests). */
  public Meters(MeterRegistry registry) {
    this.registry = registry;
  }

  /** The server's registry; one of its own where the server has none (a plain test container). */
  MeterRegistry registry() {
    MeterRegistry known = registry;
    if (known == null) {
      known =
          server != null && server.isResolvable()
              ? exported(server.get())
              : new SimpleMeterRegistry();
      registry = known;
    }
    return known;
  }

  /**
   * The registry whose meters the server exports. WildFly gives a deployment its own registry
   * (ApplicationRegistry): its short methods ({@code counter(name, tags)}) reach the server's
   * registries, but a meter made by a builder (histogram buckets, descriptions, gauges of several
   * rows) stays in it, never exported. Its parent, the server's composite registry, takes builders
   * as Micrometer means them; it is a private field, so it is read by reflection, and the metrics'
   * tests fail if a WildFly version names it otherwise.
   */
  static MeterRegistry exported(MeterRegistry given) {
    for (Class<?> c = given.getClass(); c != null; c = c.getSuperclass()) {
      try {
        Field parent = c.getDeclaredField("parentRegistry");
        parent.setAccessible(true);
        if (parent.get(given) instanceof MeterRegistry server) {
          return server;
        }
      } catch (NoSuchFieldException e) {
        // not this class: its superclass may have it
      } catch (ReflectiveOperationException | RuntimeException e) {
        break;
      }
    }
    LOG.warning(
        () ->
            "the server's meter registry ("
                + given.getClass().getName()
                + ") has no parentRegistry: meters made by builders may not be exported");
    return given;
  }

  /** A counter, made on first use; callers keep it (a lookup costs more than an increment). */
  public Counter counter(String name, String description, String... tags) {
    return Counter.builder(name).description(description).tags(tags).register(registry());
  }

  /** A timer whose histogram has {@link #LLM_LATENCIES} as buckets. */
  public Timer latency(String name, String description, String... tags) {
    return timer(name, description, LLM_LATENCIES, tags);
  }

  /** A timer whose histogram has the given buckets. */
  public Timer timer(String name, String description, List<Duration> buckets, String... tags) {
    return Timer.builder(name)
        .description(description)
        .tags(tags)
        .serviceLevelObjectives(buckets.toArray(Duration[]::new))
        .register(registry());
  }

  /**
   * A gauge reading {@code value} of {@code of} at each scrape (held weakly, as Micrometer does).
   */
  public <T> Gauge gauge(
      String name, String description, T of, ToDoubleFunction<T> value, String... tags) {
    return Gauge.builder(name, of, value).description(description).tags(tags).register(registry());
  }

  /** A counter whose count {@code value} reads from {@code of} at each scrape. */
  public <T> FunctionCounter countedBy(
      String name, String description, T of, ToDoubleFunction<T> value) {
    return FunctionCounter.builder(name, of, value).description(description).register(registry());
  }

  /** A family of gauges whose rows are replaced as a whole ({@link MultiGauge#register}). */
  public MultiGauge gauges(String name, String description) {
    return MultiGauge.builder(name).description(description).register(registry());
  }

  @PreDestroy
  void removeAll() {
    MeterRegistry known = registry;
    if (known == null) {
      return;
    }
    for (Meter meter : List.copyOf(known.getMeters())) {
      if (meter.getId().getName().startsWith(PREFIX)) {
        known.remove(meter);
      }
    }
  }
}
