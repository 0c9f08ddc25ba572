package org.slurmllm.bulk.control;

import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.slurmllm.bulk.entity.Batch;
import org.slurmllm.bulk.entity.BatchStatus;

/**
 * The moves of a batch's status and the time each stamps: every status a batch takes, from its
 * first, is set here, so the moves a batch may make are the table {@link #NEXT} and nowhere else.
 * The callers ({@link BatchRecords}, {@link BatchService}) move a batch within a transaction that
 * holds its row lock. A move the table does not hold is refused quietly ({@code false}): a cancel
 * of a finished batch, a step's end that finds the batch cancelled, a second end of a batch are all
 * expected and change nothing.
 */
final class BatchTransitions {

  /**
   * For each status, those a batch may move to. A finished status moves no more. Once cancelling (a
   * cancel or the completion window's end), a batch goes on only to its end: cancelled, expired, or
   * completed when its files were being written as the cancel came. A restarted finalize step
   * enters finalizing again.
   */
  static final Map<BatchStatus, Set<BatchStatus>> NEXT = new EnumMap<>(BatchStatus.class);

  static {
    NEXT.put(
        BatchStatus.validating,
        EnumSet.of(BatchStatus.in_progress, BatchStatus.failed, BatchStatus.cancelling));
    NEXT.put(
        BatchStatus.in_progress,
        EnumSet.of(BatchStatus.finalizing, BatchStatus.failed, BatchStatus.cancelling));
    NEXT.put(
        BatchStatus.finalizing,
        EnumSet.of(
            BatchStatus.finalizing,
            BatchStatus.completed,
            BatchStatus.failed,
            BatchStatus.cancelling));
    NEXT.put(
        BatchStatus.cancelling,
        EnumSet.of(BatchStatus.cancelled, BatchStatus.expired, BatchStatus.completed));
    for (BatchStatus s : BatchStatus.values()) {
      if (s.terminal()) {
        NEXT.put(s, EnumSet.noneOf(BatchStatus.class));
      }
    }
  }

  /** The status of a new batch: its input is yet to be read. */
  static final BatchStatus FIRST = BatchStatus.validating;

  private BatchTransitions() {}

  static boolean allowed(BatchStatus from, BatchStatus to) {
    return NEXT.get(from).contains(to);
  }

  /** A new batch takes its first status. */
  static void created(Batch b) {
    b.status = FIRST;
  }

  /**
   * Moves the batch to {@code to} and stamps the time of the status; false, and nothing changed,
   * when the table does not hold the move. Cancelling stamps nothing here: why it cancels (a
   * cancel, its window's end) is the caller's to stamp.
   */
  static boolean move(Batch b, BatchStatus to, Instant now) {
    if (!allowed(b.status, to)) {
      return false;
    }
    b.status = to;
    switch (to) {
      case in_progress -> b.inProgressAt = now;
      case finalizing -> b.finalizingAt = now;
      case completed -> b.completedAt = now;
      case failed -> b.failedAt = now;
      case cancelled -> b.cancelledAt = now;
      case expired -> b.expiredAt = b.expiredAt == null ? now : b.expiredAt;
      default -> {}
    }
    return true;
  }
}
