package org.slurmllm.tribunal.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Cancelling a tribunal: the record ends cancelled at once, and its runner, which checks between
 * the phases of a round, stops after the calls in flight. A cancel through this gateway is marked
 * in memory; one through another gateway is seen in the tribunal's status.
 */
@ApplicationScoped
public class TribunalCancellations {

  @Inject TribunalRecords records;

  private final Set<String> cancelled = ConcurrentHashMap.newKeySet();

  /** Asks a tribunal to stop: it ends cancelled after the calls in flight. */
  void cancel(String id) {
    if (records.end(id, "cancelled", null, null, null, null)) {
      cancelled.add(id); // only a tribunal that was still going: its runner removes the mark
    }
  }

  /**
   * Whether the tribunal was cancelled: through this gateway (in memory), or through another one
   * (its status in the database; read at most twice a round).
   */
  boolean stopped(String id) {
    return cancelled.contains(id) || "cancelled".equals(records.find(id).status);
  }

  /**
   * Removes this gateway's mark; answers whether there was one (the tribunal was cancelled here).
   */
  boolean clear(String id) {
    return cancelled.remove(id);
  }
}
