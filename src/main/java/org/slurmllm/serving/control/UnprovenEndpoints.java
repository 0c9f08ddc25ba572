package org.slurmllm.serving.control;

import io.micrometer.core.instrument.Counter;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import org.slurmllm.metrics.Meters;

/**
 * Rendezvous files whose proof fails: someone but the replica's job wrote them (another cluster
 * user pointing the gateway at a server of theirs, or a job of an older version). The endpoint is
 * ignored; each one is logged and counted once, however many passes see it.
 */
@ApplicationScoped
public class UnprovenEndpoints {

  private static final Logger LOG = Logger.getLogger(UnprovenEndpoints.class.getName());
  private static final int REMEMBERED = 10_000;

  @Inject Meters meters;

  private Counter counter;
  private final Set<String> seen = ConcurrentHashMap.newKeySet();

  @PostConstruct
  void register() {
    counter =
        meters.counter(
            "slurmllm.rendezvous.unproven",
            "Rendezvous files ignored because their proof failed (forged or stale)");
  }

  void seen(UUID replicaId, String model, String endpoint) {
    if (seen.size() > REMEMBERED) {
      seen.clear();
    }
    if (seen.add(replicaId + " " + endpoint)) {
      counter.increment();
      LOG.warning(
          () ->
              "ignoring the rendezvous file of replica "
                  + replicaId
                  + " of "
                  + model
                  + ": it points at "
                  + endpoint
                  + " without the replica's proof (written by someone but its job?); nothing is"
                  + " sent there");
    }
  }
}
