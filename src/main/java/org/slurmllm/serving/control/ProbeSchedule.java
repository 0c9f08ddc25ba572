package org.slurmllm.serving.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

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

  /** Whether the replica is due a probe; if it is, counts it as probed now. */
  boolean due(UUID id, Instant now) {
    Instant last = lastProbe.get(id);
    if (last != null && Duration.between(last, now).compareTo(settings.probeInterval()) < 0) {
      return false;
    }
    lastProbe.put(id, now);
    return true;
  }

  /** Forgets a replica that ended. */
  void forget(UUID id) {
    lastProbe.remove(id);
  }
}
