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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slurmllm.bulk.entity.Batch;
import org.slurmllm.bulk.entity.BatchChunk;
import org.slurmllm.bulk.entity.BatchStatus;

/**
 * The batch job's writes, each in its own short transaction: a step that runs for hours commits
 * every fact as it learns it (that is its checkpoint), and a crash loses nothing already written. A
 * chunk's moves are {@link ChunkTransitions}'.
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

  private static final String STARTED_UNFINISHED =
      " b.executionId is not null and b.status in"
          + " (org.slurmllm.bulk.entity.BatchStatus.validating,"
          + " org.slurmllm.bulk.entity.BatchStatus.in_progress,"
          + " org.slurmllm.bulk.entity.BatchStatus.finalizing,"
          + " org.slurmllm.bulk.entity.BatchStatus.cancelling)";

  /** Batches in progress (started, not ended) by tenant, on every gateway. */
  public Map<Long, Integer> inProgressByTenant() {
    Map<Long, Integer> counts = new HashMap<>();
    em.createQuery(
            "select b.tenantId, count(b) from Batch b where"
                + STARTED_UNFINISHED
                + " group by b.tenantId",
            Object[].class)
        .getResultList()
        .forEach(r -> counts.put((Long) r[0], ((Number) r[1]).intValue()));
    return counts;
  }

  /** Batches in progress on one gateway: each holds threads of its batch pool. */
  public long inProgressOn(String owner) {
    return em.createQuery(
            "select count(b) from Batch b where b.owner = :owner and" + STARTED_UNFINISHED,
            Long.class)
        .setParameter("owner", owner)
        .getSingleResult();
  }

  /**
   * The oldest batches of the gateway waiting to start (validating, no execution yet), leaving out
   * tenants already at {@code perTenant} in progress, at most {@code limit}.
   */
  public List<BatchQueue.Queued> queued(
      String owner, Map<Long, Integer> inProgress, int perTenant, int limit) {
    List<Long> full =
        inProgress.entrySet().stream()
            .filter(e -> e.getKey() != null && e.getValue() >= perTenant)
            .map(Map.Entry::getKey)
            .toList();
    boolean noTenantFull = inProgress.getOrDefault(null, 0) >= perTenant;
    var query =
        em.createQuery(
                "select b.id, b.tenantId from Batch b where b.owner = :owner"
                    + " and b.executionId is null"
                    + " and b.status = org.slurmllm.bulk.entity.BatchStatus.validating"
                    + (full.isEmpty() ? "" : " and (b.tenantId is null or b.tenantId not in :full)")
                    + (noTenantFull ? " and b.tenantId is not null" : "")
                    + " order by b.createdAt, b.id",
                Object[].class)
            .setParameter("owner", owner)
            .setMaxResults(Math.max(1, limit));
    if (!full.isEmpty()) {
      query.setParameter("full", full);
    }
    return query.getResultList().stream()
        .map(r -> new BatchQueue.Queued((String) r[0], (Long) r[1]))
        .toList();
  }

  public List<BatchChunk> chunks(String batchId) {
    return em.createNamedQuery(BatchChunk.OF_BATCH, BatchChunk.class)
        .setParameter("batch", batchId)
        .getResultList();
  }

  public BatchChunk chunk(String batchId, int index) {
    return em.find(BatchChunk.class, new BatchChunk.Key(batchId, index));
  }

  /** Whether {@code gateway} owns the batch now (another took it over while it was paused). */
  public boolean ownedBy(String id, String gateway) {
    Batch b = em.find(Batch.class, id);
    return b != null && (b.owner == null || b.owner.equals(gateway));
  }

  /** Changes the batch under a row lock (a cancel and the job never overwrite each other). */
  public Batch update(String id, Consumer<Batch> change) {
    Batch b = em.find(Batch.class, id, LockModeType.PESSIMISTIC_WRITE);
    change.accept(b);
    return b;
  }

  /** Moves the batch to {@code to} if {@link BatchTransitions} allows it (false if not). */
  public boolean advance(String id, BatchStatus to) {
    Batch b = em.find(Batch.class, id, LockModeType.PESSIMISTIC_WRITE);
    return BatchTransitions.move(b, to, Instant.now());
  }

  /**
   * Asks the batch to stop: {@code cancelling}, stamped as a cancel or as its window's end ({@code
   * expired_at}), unless it has ended or is cancelling already. The batch as it is now.
   */
  public Batch cancelling(String id, boolean expired) {
    Batch b = em.find(Batch.class, id, LockModeType.PESSIMISTIC_WRITE);
    Instant now = Instant.now();
    if (BatchTransitions.move(b, BatchStatus.cancelling, now)) {
      if (expired) {
        b.expiredAt = now;
      } else {
        b.cancellingAt = now;
      }
    }
    return b;
  }

  /**
   * The batch's end: its output and error files recorded (when they have lines), the counts as the
   * files have them, the final status. One transaction.
   */
  public void finish(
      String batchId, BatchStatus status, Path output, Path errors, int completed, int failed) {
    Batch b = em.find(Batch.class, batchId, LockModeType.PESSIMISTIC_WRITE);
    if (!BatchTransitions.allowed(b.status, status)) {
      return; // ended already (or an end its status does not lead to): left as it is
    }
    Long expiresAfter = b.outputExpiresAfterSeconds;
    b.outputFileId =
        completed == 0
            ? null
            : files.adopt(
                    output, batchId + "_output.jsonl", "batch_output", b.tenantId, expiresAfter)
                .id;
    b.errorFileId =
        failed == 0
            ? null
            : files.adopt(
                    errors, batchId + "_error.jsonl", "batch_output", b.tenantId, expiresAfter)
                .id;
    b.completed = completed;
    b.failed = failed;
    BatchTransitions.move(b, status, Instant.now());
  }
}
