package org.slurmllm.routing.control.admission;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * The virtual token counters of one model's queue (VTC, Sheng et al., "Fairness in Serving Large
 * Language Models", OSDI 2024): each party's counter grows with the weighted tokens it was served,
 * divided by its weight; the waiting party with the smallest counter goes next. A party that starts
 * waiting is lifted to the smallest counter among those waiting (or, when nobody waits, to the
 * counter of the party served last), so time spent idle earns no credit. Keys are counted the same
 * way within their party. Not thread-safe: its queue's lock guards it.
 */
final class VirtualCounters {

  private final Map<String, Double> parties = new HashMap<>();
  private final Map<Long, Double> keys = new HashMap<>();

  /** The counter of the party served last, when it was served: where a lone arrival starts. */
  private double floor;

  /** The same within each party, for its keys. */
  private final Map<String, Double> keyFloors = new HashMap<>();

  double party(String party) {
    return parties.getOrDefault(party, 0.0);
  }

  double key(long key) {
    return keys.getOrDefault(key, 0.0);
  }

  /**
   * The party starts waiting, none of its requests waiting yet: no credit for the time it did not
   * wait. {@code waiting} are the parties waiting now.
   */
  void partyStartsWaiting(String party, Collection<String> waiting) {
    double lift =
        waiting.stream().filter(p -> !p.equals(party)).mapToDouble(this::party).min().orElse(floor);
    parties.put(party, Math.max(party(party), lift));
  }

  /** The same for a key within its party: {@code waiting} are the party's keys waiting now. */
  void keyStartsWaiting(String party, long key, Collection<Long> waiting) {
    double lift =
        waiting.stream()
            .filter(k -> k != key)
            .mapToDouble(this::key)
            .min()
            .orElse(keyFloors.getOrDefault(party, 0.0));
    keys.put(key, Math.max(key(key), lift));
  }

  /** The party's request was dispatched: it is the one served last. */
  void served(String party, long key) {
    floor = party(party);
    keyFloors.put(party, key(key));
  }

  /**
   * Tokens served to the party's key: {@code tokens / weight} on the party's counter, {@code
   * tokens} on the key's. Negative when an estimate charged at dispatch was too high.
   */
  void charge(String party, long key, double weight, double tokens) {
    parties.merge(party, tokens / weight, Double::sum);
    keys.merge(key, tokens, Double::sum);
  }

  /**
   * Forgets the counters that an arrival would lift anyway (at or below every counter it could be
   * lifted to): memory stays bounded by those waiting and those served more than them.
   */
  void forgetIdle(Collection<String> waitingParties, Collection<Long> waitingKeys) {
    double lowest = waitingParties.stream().mapToDouble(this::party).min().orElse(floor);
    double bound = Math.min(lowest, floor);
    parties.entrySet().removeIf(e -> !waitingParties.contains(e.getKey()) && e.getValue() <= bound);
    double keyBound =
        Math.min(
            waitingKeys.stream().mapToDouble(this::key).min().orElse(0.0),
            keyFloors.values().stream().mapToDouble(Double::doubleValue).min().orElse(0.0));
    keys.entrySet().removeIf(e -> !waitingKeys.contains(e.getKey()) && e.getValue() <= keyBound);
    keyFloors.keySet().retainAll(parties.keySet());
  }

  int size() {
    return parties.size() + keys.size();
  }
}
