package org.slurmllm.routing.control.admission;

import java.util.List;
import java.util.Optional;
import java.util.function.ToIntFunction;
import java.util.random.RandomGenerator;
import org.slurmllm.routing.entity.Endpoint;

/**
 * Power of two choices over outstanding requests: pick two candidates at random, send to the one
 * with fewer requests in flight (ties: the first drawn). Nearly as good as scanning every replica
 * for the least loaded, without all gateways piling onto the same one.
 *
 * <p>The load of a replica is {@code inFlight / concurrencyLimit} (normalised, so replicas with
 * different limits compare fairly); a replica at its limit is not a candidate.
 */
public final class LeastOutstanding {

  private LeastOutstanding() {}

  public static Optional<Endpoint> choose(
      List<Endpoint> endpoints, ToIntFunction<Endpoint> inFlight, RandomGenerator random) {
    return choose(endpoints, inFlight, inFlight, random);
  }

  /**
   * As above, with the gateway's own requests ({@code inFlight}) deciding who is full and a wider
   * estimate ({@code load}, e.g. including what the replica reports from other gateways) deciding
   * which of the two is less busy. Fullness stays the gateway's own count so that a stale report
   * can never leave requests waiting for a slot no release will free.
   */
  public static Optional<Endpoint> choose(
      List<Endpoint> endpoints,
      ToIntFunction<Endpoint> inFlight,
      ToIntFunction<Endpoint> load,
      RandomGenerator random) {
    List<Endpoint> open =
        endpoints.stream().filter(e -> inFlight.applyAsInt(e) < e.concurrencyLimit()).toList();
    if (open.isEmpty()) {
      return Optional.empty();
    }
    if (open.size() == 1) {
      return Optional.of(open.get(0));
    }
    int i = random.nextInt(open.size());
    int j = random.nextInt(open.size() - 1);
    if (j >= i) {
      j++;
    }
    Endpoint a = open.get(i);
    Endpoint b = open.get(j);
    return Optional.of(load(b, load) < load(a, load) ? b : a);
  }

  /** Requests in flight as a share of the replica's limit, 0 (idle) to 1 (full). */
  static double load(Endpoint e, ToIntFunction<Endpoint> inFlight) {
    return (double) inFlight.applyAsInt(e) / e.concurrencyLimit();
  }
}
