package org.slurmllm.bulk.control;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which queued batches start now: oldest first, at most {@code free} of them (the gateway's batch
 * threads left), and no tenant beyond {@code perTenant} batches in progress. A tenant at its limit
 * holds back only its own batches: the next tenant's oldest starts in its place. Pure.
 */
public final class BatchQueue {

  private BatchQueue() {}

  /** A batch waiting to start, and its tenant (null for keys without a tenant: one group). */
  public record Queued(String id, Long tenant) {}

  /**
   * The batches to start, in the order given.
   *
   * @param oldestFirst queued batches, oldest first
   * @param inProgress batches in progress by tenant (a tenant absent has none)
   * @param free batches this gateway may still start
   * @param perTenant most batches one tenant may have in progress
   */
  public static List<Queued> toStart(
      List<Queued> oldestFirst, Map<Long, Integer> inProgress, int free, int perTenant) {
    Map<Long, Integer> counts = new HashMap<>(inProgress);
    List<Queued> start = new ArrayList<>();
    for (Queued q : oldestFirst) {
      if (start.size() >= free) {
        break;
      }
      int now = counts.getOrDefault(q.tenant(), 0);
      if (now < perTenant) {
        counts.put(q.tenant(), now + 1);
        start.add(q);
      }
    }
    return start;
  }

  /**
   * Batches a gateway may have in progress at once so that each gets its threads from the batch
   * pool: its job's thread and one per chunk it runs at once. Fewer would let jobs hold every
   * thread while their chunks wait for one.
   */
  public static int slots(int poolThreads, int parallelChunks) {
    return Math.max(1, poolThreads / (1 + Math.max(1, parallelChunks)));
  }
}
