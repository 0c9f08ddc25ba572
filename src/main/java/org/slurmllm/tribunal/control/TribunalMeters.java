package org.slurmllm.tribunal.control;

import io.micrometer.core.instrument.Counter;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slurmllm.metrics.Meters;

/** Tribunals by what became of them: started ({@code queued}), completed, failed, cancelled. */
@ApplicationScoped
public class TribunalMeters {

  @Inject Meters meters;

  private Map<String, Counter> byState;

  @PostConstruct
  void register() {
    byState =
        Stream.of("queued", "completed", "failed", "cancelled")
            .collect(
                Collectors.toUnmodifiableMap(
                    Function.identity(),
                    s ->
                        meters.counter(
                            "slurmllm.tribunals",
                            "Tribunals by the state they reached",
                            "state",
                            s)));
  }

  /** Made with the application, so that the counters are there (at zero) before any tribunal. */
  void startWithTheApplication(@Observes @Initialized(ApplicationScoped.class) Object started) {
    // nothing more: observing makes the bean, and register() runs
  }

  /** A tribunal reached the state. */
  void reached(String state) {
    Counter counter = byState.get(state);
    if (counter != null) {
      counter.increment();
    }
  }
}
