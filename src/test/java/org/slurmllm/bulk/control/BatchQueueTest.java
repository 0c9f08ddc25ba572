package org.slurmllm.bulk.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slurmllm.bulk.control.BatchQueue.Queued;

class BatchQueueTest {

  static Queued q(String id, Long tenant) {
    return new Queued(id, tenant);
  }

  static List<String> ids(List<Queued> qs) {
    return qs.stream().map(Queued::id).toList();
  }

  @Test
  void aTenantAtItsLimitHoldsBackOnlyItsOwnBatches() {
    List<Queued> queue = List.of(q("a3", 1L), q("a4", 1L), q("b1", 2L), q("a5", 1L), q("c1", 3L));
    assertEquals(
        List.of("b1", "c1"), ids(BatchQueue.toStart(queue, Map.of(1L, 2), 8, 2)), "a is full");
  }

  @Test
  void oldestFirstUpToTheTenantsLimitAndTheFreeThreads() {
    List<Queued> queue = List.of(q("a1", 1L), q("a2", 1L), q("a3", 1L), q("b1", 2L));
    assertEquals(List.of("a1", "a2", "b1"), ids(BatchQueue.toStart(queue, Map.of(), 8, 2)));
    assertEquals(List.of("a1"), ids(BatchQueue.toStart(queue, Map.of(), 1, 2)), "one free slot");
    assertEquals(List.of(), ids(BatchQueue.toStart(queue, Map.of(), 0, 2)));
  }

  @Test
  void keysWithoutATenantAreOneGroup() {
    Map<Long, Integer> running = new HashMap<>();
    running.put(null, 1);
    List<Queued> queue = List.of(q("n1", null), q("n2", null), q("b1", 2L));
    assertEquals(List.of("n1", "b1"), ids(BatchQueue.toStart(queue, running, 8, 2)));
  }

  @Test
  void slotsLeaveEachBatchItsJobThreadAndOnePerParallelChunk() {
    assertEquals(8, BatchQueue.slots(40, 4));
    assertEquals(2, BatchQueue.slots(10, 4), "WildFly's default pool of 10 fits two batches");
    assertEquals(1, BatchQueue.slots(3, 4), "at least one, or nothing would ever run");
  }
}
