package org.slurmllm.serving.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slurmllm.serving.entity.ReplicaSuspected;

/**
 * When each READY replica was last sent a health probe. The loop ticks fast while anything is in
 * motion, but a READY server is probed only once per probe interval: this is the one memory of
 * that, kept in this gateway (a new leader simply probes everything once). Observation asks whether
 * a probe is due; a replica that ends is forgotten by its transition.
 */
@ApplicationScoped
public class ProbeSchedule {

  @Inject ServingSettings settings;

  private final Map<UUID, Instant> lastProbe = new ConcurrentHashMap<>();

  /** After a failed probe, or a request that could not reach the replica: probe this often. */
  static final Duration SUSPECT_INTERVAL = Duration.ofSeconds(1);

  /**
   * Whether the replica is due a probe; if it is, counts it as probed now. One whose last probe
   * failed is probed every {@link #SUSPECT_INTERVAL}, so a dead one is replaced in seconds.
   */
  boolean due(UUID id, Instant now, int failures) {
    Instant last = lastProbe.get(id);
    Duration interval =
        failures > 0 && SUSPECT_INTERVAL.compareTo(settings.probeInterval()) < 0
            ? SUSPECT_INTERVAL
            : settings.probeInterval();
    if (last != null && Duration.between(last, now).compareTo(interval) < 0) {
      return false;
    }
    lastProbe.put(id, now);
    return true;
  }

  /** A request could not reach the replica (routing said so): probe it at the next pass. */
  void onSuspected(@Observes ReplicaSuspected suspected) {
    lastProbe.remove(suspected.replicaId());
  }

  /** Forgets a replica that ended. */
  void forget(UUID id) {
    lastProbe.remove(id);
  }
}
