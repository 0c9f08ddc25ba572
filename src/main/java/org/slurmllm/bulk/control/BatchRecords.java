package org.slurmllm.bulk.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.slurmllm.bulk.entity.Batch;
import org.slurmllm.bulk.entity.BatchChunk;
import org.slurmllm.bulk.entity.BatchStatus;

/**
 * The batch job's writes, each in its own short transaction: a step that runs for hours commits
 * every fact as it learns it (that is its checkpoint), and a crash loses nothing already written.
 */
@ApplicationScoped
@Transactional(TxType.REQUIRES_NEW)
public class BatchRecords {

  @PersistenceContext EntityManager em;
  @Inject FileStore files;

  public Batch insert(Batch b) {
    em.persist(b);
    return b;
  }

  public Batch batch(String id) {
    return em.find(Batch.class, id);
  }

  /**
   * Takes the batch over from {@code previous} (its owner as last read): true for exactly one of
   * several gateways trying at once.
   */
  public boolean claim(String id, String previous, String owner) {
    return em.createQuery(
                "update Batch b set b.owner = :owner where b.id = :id"
                    + " and (b.owner = :previous or (b.owner is null and :previous is null))")
            .setParameter("owner", owner)
            .setParameter("id", id)
            .setParameter("previous", previous)
            .executeUpdate()
        == 1;
  }

  public List<BatchChunk> chunks(String batchId) {
    return em.createNamedQuery(BatchChunk.OF_BATCH, BatchChunk.class)
        .setParameter("batch", batchId)
        .getResultList();
  }

  public BatchChunk chunk(String batchId, int index) {
    return em.find(BatchChunk.class, new BatchChunk.Key(batchId, index));
  }

  /** Changes the batch under a row lock (a cancel and the job never overwrite each other). */
  public Batch update(String id, Consumer<Batch> change) {
    Batch b = em.find(Batch.class, id, LockModeType.PESSIMISTIC_WRITE);
    change.accept(b);
    return b;
  }

  /** Moves the batch to {@code to} unless it is already terminal or cancelling. */
  public boolean advance(String id, BatchStatus to) {
    Batch b = em.find(Batch.class, id, LockModeType.PESSIMISTIC_WRITE);
    if (b.status.terminal() || b.status == BatchStatus.cancelling) {
      return false;
    }
    b.status = to;
    Instant now = Instant.now();
    switch (to) {
      case in_progress -> b.inProgressAt = now;
      case finalizing -> b.finalizingAt = now;
      case completed -> b.completedAt = now;
      case failed -> b.failedAt = now;
      default -> {}
    }
    return true;
  }

  public void replaceChunks(String batchId, List<BatchChunk> chunks) {
    em.createQuery("delete from BatchChunk c where c.batchId = :b")
        .setParameter("b", batchId)
        .executeUpdate();
    chunks.forEach(em::persist);
  }

  /**
   * A chunk's end and its counts in the batch, together (a crash cannot count them twice or not at
   * all); a chunk already ended is left as it is.
   */
  public boolean chunkEnded(
      String batchId,
      int index,
      BatchChunk.State state,
      int completed,
      int failed,
      String message) {
    BatchChunk c =
        em.find(
            BatchChunk.class, new BatchChunk.Key(batchId, index), LockModeType.PESSIMISTIC_WRITE);
    if (c.state == BatchChunk.State.DONE || c.state == BatchChunk.State.FAILED) {
      return false;
    }
    c.state = state;
    c.completed = completed;
    c.failed = failed;
    c.endedAt = Instant.now();
    if (message != null) {
      c.message = message;
    }
    Batch b = em.find(Batch.class, batchId, LockModeType.PESSIMISTIC_WRITE);
    if (!b.status.terminal()) { // a finished batch's counts are its files', final
      b.completed += completed;
      b.failed += failed;
    }
    return true;
  }

  /**
   * The batch's end: its output and error files recorded (when they have lines), the counts as the
   * files have them, the final status. One transaction.
   */
  public void finish(
      String batchId, BatchStatus status, Path output, Path errors, int completed, int failed) {
    Batch b = em.find(Batch.class, batchId, LockModeType.PESSIMISTIC_WRITE);
    if (b.status.terminal()) {
      return;
    }
    b.outputFileId =
        completed == 0
            ? null
            : files.adopt(output, batchId + "_output.jsonl", "batch_output", b.tenantId).id;
    b.errorFileId =
        failed == 0
            ? null
            : files.adopt(errors, batchId + "_error.jsonl", "batch_output", b.tenantId).id;
    b.completed = completed;
    b.failed = failed;
    b.status = status;
    switch (status) {
      case cancelled -> b.cancelledAt = Instant.now();
      case expired -> b.expiredAt = b.expiredAt == null ? Instant.now() : b.expiredAt;
      default -> b.completedAt = Instant.now();
    }
  }

  public BatchChunk updateChunk(String batchId, int index, Consumer<BatchChunk> change) {
    BatchChunk c = em.find(BatchChunk.class, new BatchChunk.Key(batchId, index));
    change.accept(c);
    return c;
  }
}
