package org.slurmllm.fleet.control;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which gateways are alive, a pure function of their last heartbeats: one whose heartbeat is older
 * than the timeout is gone (killed, or cut off from the database), and its work may be taken over.
 */
public final class Liveness {

  /** Heartbeats are written every {@link #BEAT}; three missed in a row mean gone. */
  public static final Duration BEAT = Duration.ofSeconds(5);

  public static final Duration TIMEOUT = BEAT.multipliedBy(3).plusSeconds(5);

  private Liveness() {}

  public static Set<String> alive(Map<String, Instant> heartbeats, Instant now) {
    return heartbeats.entrySet().stream()
        .filter(e -> Duration.between(e.getValue(), now).compareTo(TIMEOUT) <= 0)
        .map(Map.Entry::getKey)
        .collect(Collectors.toUnmodifiableSet());
  }
}
