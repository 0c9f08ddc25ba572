package org.slurmllm.fleet.control;

/**
 * A limit that holds for all gateways together, split among them: each gateway enforces its share
 * in memory (no shared counter on any request's path), the shares add up to the limit, and behind a
 * load balancer that spreads requests evenly the limit holds across gateways. Gateways are ranked
 * by id, so every gateway computes the same split.
 */
public final class Shares {

  private Shares() {}

  /**
   * This gateway's share of {@code limit}: {@code limit / gateways}, the first {@code limit %
   * gateways} gateways one more; never below 1 (a gateway with no share could serve nothing).
   */
  public static int of(int limit, int rank, int gateways) {
    if (gateways <= 1) {
      return limit;
    }
    int share = limit / gateways + (rank < limit % gateways ? 1 : 0);
    return Math.max(1, share);
  }

  /** This gateway's share of an amount: as for a limit, but a share may be 0. */
  public static long of(long amount, int rank, int gateways) {
    if (gateways <= 1) {
      return amount;
    }
    return amount / gateways + (rank < amount % gateways ? 1 : 0);
  }
}
