package org.slurmllm.routing.control.admission;

import java.util.List;
import org.slurmllm.access.entity.ServiceTier;
import org.slurmllm.routing.entity.Share;

/**
 * Which waiting request goes next: the highest tier first ({@code priority}, {@code default},
 * {@code flex}; a {@code flex} request that has waited its bound counts as {@code default}); within
 * the tier, the party with the smallest virtual counter; within the party, its key with the
 * smallest counter; within the key, the oldest. A pure function of the waiting requests (in arrival
 * order), the counters and the time.
 */
public final class FairOrder {

  private FairOrder() {}

  /** A waiting request as the order sees it. */
  public interface Waiting {
    Share share();

    long arrivedNanos();
  }

  /** The tier a request competes at now: its own, or {@code default} for a starved flex one. */
  public static ServiceTier competesAt(Waiting w, long nowNanos, long flexBoundNanos) {
    ServiceTier tier = w.share().tier();
    return tier == ServiceTier.FLEX && nowNanos - w.arrivedNanos() >= flexBoundNanos
        ? ServiceTier.DEFAULT
        : tier;
  }

  /** The index of the request to serve next, or -1 when none waits. */
  static int next(
      List<? extends Waiting> waiting, VirtualCounters counters, long nowNanos, long flexBound) {
    int best = -1;
    int bestRank = Integer.MAX_VALUE;
    double bestParty = 0;
    double bestKey = 0;
    for (int i = 0; i < waiting.size(); i++) {
      Waiting w = waiting.get(i);
      int rank = competesAt(w, nowNanos, flexBound).rank();
      double party = counters.party(w.share().party());
      double key = counters.key(w.share().key());
      // strictly better only: the earliest of equals (arrival order) keeps its place
      if (rank < bestRank
          || rank == bestRank && (party < bestParty || party == bestParty && key < bestKey)) {
        best = i;
        bestRank = rank;
        bestParty = party;
        bestKey = key;
      }
    }
    return best;
  }
}
