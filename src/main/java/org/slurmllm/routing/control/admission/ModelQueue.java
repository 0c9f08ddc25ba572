package org.slurmllm.routing.control.admission;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.slurmllm.access.entity.ServiceTier;
import org.slurmllm.routing.control.GatewayMeters;
import org.slurmllm.routing.entity.Endpoint;
import org.slurmllm.routing.entity.Share;

/**
 * The requests waiting for one model's replicas, in arrival order, with the virtual counters that
 * order them ({@link FairOrder}) and their counts by party, key and tier (the bounds and the
 * meters). Every method is called with the queue's lock held: the admission's.
 */
final class ModelQueue implements GatewayMeters.QueueDepths {

  /** A request waiting for a slot. */
  record Waiter(
      CompletableFuture<Endpoint> slot, Set<UUID> excluded, Share share, long arrivedNanos)
      implements FairOrder.Waiting {}

  private final List<Waiter> waiting = new ArrayList<>();
  private final VirtualCounters counters = new VirtualCounters();

  /** Waiting requests by party, then by key. */
  private final Map<String, Map<Long, Integer>> byParty = new HashMap<>();

  private final Map<ServiceTier, Integer> byTier = new EnumMap<>(ServiceTier.class);

  /** Requests with a slot now, by party and by tier (who a slot beyond the limit may go to). */
  private final Map<String, Integer> inFlightByParty = new HashMap<>();

  private final int[] inFlightByTier = new int[ServiceTier.values().length];
  private int dispatched;

  @Override
  public synchronized int size() {
    return waiting.size();
  }

  @Override
  public synchronized int waitingAt(ServiceTier tier) {
    return byTier.getOrDefault(tier, 0);
  }

  /** How many of the party's requests wait. */
  int ofParty(String party) {
    Map<Long, Integer> keys = byParty.get(party);
    return keys == null ? 0 : keys.values().stream().mapToInt(Integer::intValue).sum();
  }

  boolean isEmpty() {
    return waiting.isEmpty();
  }

  List<Waiter> waiting() {
    return waiting;
  }

  void add(Waiter w) {
    arrives(w.share());
    waiting.add(w);
    byParty
        .computeIfAbsent(w.share().party(), p -> new HashMap<>())
        .merge(w.share().key(), 1, Integer::sum);
    byTier.merge(w.share().tier(), 1, Integer::sum);
  }

  /**
   * The request starts waiting (or is served at once, waiting for no one): its party and key are
   * lifted if nothing of theirs waits.
   */
  void arrives(Share share) {
    Map<Long, Integer> keys = byParty.get(share.party());
    if (keys == null) {
      counters.partyStartsWaiting(share.party(), byParty.keySet());
    }
    if (keys == null || !keys.containsKey(share.key())) {
      counters.keyStartsWaiting(
          share.party(), share.key(), keys == null ? Set.of() : keys.keySet());
    }
  }

  /** The index of the request to serve next (see {@link FairOrder}), or -1. */
  int next(long nowNanos, long flexBoundNanos) {
    return FairOrder.next(waiting, counters, nowNanos, flexBoundNanos);
  }

  /** The longest waiting, whoever it is: first come, first served. */
  int first() {
    return waiting.isEmpty() ? -1 : 0;
  }

  Waiter remove(int index) {
    Waiter w = waiting.remove(index);
    forget(w);
    return w;
  }

  /** Removes the waiters that match; answers them in arrival order. */
  List<Waiter> removeIf(Predicate<Waiter> which) {
    List<Waiter> removed = new ArrayList<>();
    waiting.removeIf(w -> which.test(w) && removed.add(w));
    removed.forEach(this::forget);
    return removed;
  }

  private void forget(Waiter w) {
    Share s = w.share();
    Map<Long, Integer> keys = byParty.get(s.party());
    if (keys.merge(s.key(), -1, Integer::sum) == 0) {
      keys.remove(s.key());
      if (keys.isEmpty()) {
        byParty.remove(s.party());
      }
    }
    byTier.merge(s.tier(), -1, Integer::sum);
  }

  /**
   * Who waits now: a row per tenant and tier, in the order the first of each row would be served,
   * with the tenant's virtual counter (its weighted tokens served, in the units of the fair share).
   */
  synchronized List<QueueRow> rows() {
    Map<String, QueueRow> rows = new java.util.LinkedHashMap<>();
    for (Waiter w : waiting) {
      Share s = w.share();
      rows.merge(
          s.party() + "/" + s.tier(),
          new QueueRow(s.party(), s.tenant(), s.tier(), 1, counters.party(s.party())),
          (a, b) -> new QueueRow(a.party(), a.tenant(), a.tier(), a.waiting() + 1, a.counter()));
    }
    return rows.values().stream()
        .sorted(
            java.util.Comparator.comparingInt((QueueRow r) -> r.tier().rank())
                .thenComparingDouble(QueueRow::counter))
        .toList();
  }

  /**
   * Whether the request may take a slot beyond its replica's limit (one a replica at most): it is
   * of the best tier in flight or better, and either better than the worst in flight or of a party
   * with nothing in flight. A slot is a whole request, so without this the request the queue would
   * serve first still waits for one in flight to end, whoever's it is; a continuously batching
   * server takes one sequence more without a pause.
   */
  boolean deservesHeadroom(Share share) {
    int best = -1;
    int worst = -1;
    for (int t = 0; t < inFlightByTier.length; t++) {
      if (inFlightByTier[t] > 0) {
        best = best < 0 ? t : best;
        worst = t;
      }
    }
    int rank = share.tier().rank();
    if (best < 0 || rank > best) {
      return false;
    }
    return rank < worst || inFlightByParty.getOrDefault(share.party(), 0) == 0;
  }

  /** The request of {@code share} is done with its slot. */
  void ended(Share share) {
    if (inFlightByParty.merge(share.party(), -1, Integer::sum) <= 0) {
      inFlightByParty.remove(share.party());
    }
    inFlightByTier[share.tier().rank()] = Math.max(0, inFlightByTier[share.tier().rank()] - 1);
  }

  /** The request got a slot: it is charged what it is expected to use. */
  void dispatched(Share share) {
    inFlightByParty.merge(share.party(), 1, Integer::sum);
    inFlightByTier[share.tier().rank()]++;
    counters.served(share.party(), share.key());
    counters.charge(share.party(), share.key(), share.weight(), share.expectedTokens());
    if (++dispatched % 1024 == 0) {
      tidy();
    }
  }

  /** The request ended having used {@code used} weighted tokens: the estimate corrected. */
  void settled(Share share, double used) {
    counters.charge(share.party(), share.key(), share.weight(), used - share.expectedTokens());
  }

  private void tidy() {
    List<Long> keys = byParty.values().stream().flatMap(k -> k.keySet().stream()).toList();
    counters.forgetIdle(byParty.keySet(), keys);
  }
}
