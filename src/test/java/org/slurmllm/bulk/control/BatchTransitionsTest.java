package org.slurmllm.bulk.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.slurmllm.bulk.entity.Batch;
import org.slurmllm.bulk.entity.BatchStatus;

class BatchTransitionsTest {

  static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

  @Test
  void everyStatusHasItsMoves() {
    assertEquals(EnumSet.allOf(BatchStatus.class), BatchTransitions.NEXT.keySet());
  }

  @Test
  void aBatchGoesFromValidatingThroughItsStepsToCompleted() {
    Batch b = new Batch();
    BatchTransitions.created(b);
    assertEquals(BatchStatus.validating, b.status);
    assertTrue(BatchTransitions.move(b, BatchStatus.in_progress, NOW));
    assertEquals(NOW, b.inProgressAt);
    assertTrue(BatchTransitions.move(b, BatchStatus.finalizing, NOW));
    assertEquals(NOW, b.finalizingAt);
    assertTrue(BatchTransitions.move(b, BatchStatus.completed, NOW));
    assertEquals(NOW, b.completedAt);
    assertEquals(BatchStatus.completed, b.status);
  }

  @Test
  void anEndedBatchMovesNoMore() {
    for (BatchStatus end : BatchStatus.values()) {
      if (end.terminal()) {
        for (BatchStatus to : BatchStatus.values()) {
          assertFalse(BatchTransitions.allowed(end, to), end + " -> " + to);
        }
      }
    }
  }

  @Test
  void anUnfinishedBatchMayFailOrBeCancelled() {
    for (BatchStatus s :
        EnumSet.of(BatchStatus.validating, BatchStatus.in_progress, BatchStatus.finalizing)) {
      assertTrue(BatchTransitions.allowed(s, BatchStatus.failed), s + " -> failed");
      assertTrue(BatchTransitions.allowed(s, BatchStatus.cancelling), s + " -> cancelling");
    }
  }

  @Test
  void aCancellingBatchOnlyEnds() {
    assertEquals(
        EnumSet.of(BatchStatus.cancelled, BatchStatus.expired, BatchStatus.completed),
        BatchTransitions.NEXT.get(BatchStatus.cancelling));
    assertFalse(BatchTransitions.allowed(BatchStatus.cancelling, BatchStatus.cancelling));
    assertFalse(BatchTransitions.allowed(BatchStatus.cancelling, BatchStatus.failed));
  }

  @Test
  void aRefusedMoveChangesNothing() {
    Batch b = new Batch();
    b.status = BatchStatus.cancelling;
    assertFalse(BatchTransitions.move(b, BatchStatus.finalizing, NOW));
    assertEquals(BatchStatus.cancelling, b.status);
    assertNull(b.finalizingAt);
  }

  @Test
  void anExpiredBatchKeepsTheTimeItsWindowEnded() {
    Batch b = new Batch();
    b.status = BatchStatus.cancelling;
    Instant windowEnd = NOW.minusSeconds(60);
    b.expiredAt = windowEnd;
    assertTrue(BatchTransitions.move(b, BatchStatus.expired, NOW));
    assertEquals(windowEnd, b.expiredAt);
  }
}
