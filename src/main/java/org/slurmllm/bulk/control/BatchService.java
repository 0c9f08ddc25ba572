package org.slurmllm.bulk.control;

import jakarta.batch.operations.JobOperator;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.slurmllm.bulk.entity.Batch;
import org.slurmllm.bulk.entity.BatchChunk;
import org.slurmllm.bulk.entity.BatchStatus;
import org.slurmllm.cluster.boundary.Cluster;
import org.slurmllm.database.NewestFirst;
import org.slurmllm.fleet.boundary.Fleet;

/** Creates, lists, cancels and (after a restart) resumes batches. */
@ApplicationScoped
public class BatchService {

  private static final Logger LOG = Logger.getLogger(BatchService.class.getName());
  static final String JOB = "bulk-batch";

  @PersistenceContext EntityManager em;
  @Inject BatchRecords records;
  @Inject BatchAssembly assembly;
  @Inject BatchAdmission admission;
  @Inject Cluster scheduler;
  @Inject Fleet fleet;

  /**
   * A new batch (status {@code validating}): started at once when its tenant and this gateway have
   * room, else queued until they do.
   */
  public Batch create(
      String inputFileId,
      String endpoint,
      String window,
      String metadata,
      Long outputExpiresAfterSeconds,
      Long keyId,
      Long tenantId) {
    Batch b =
        persist(
            inputFileId, endpoint, window, metadata, outputExpiresAfterSeconds, keyId, tenantId);
    admission.admit();
    return records.batch(b.id);
  }

  private Batch persist(
      String inputFileId,
      String endpoint,
      String window,
      String metadata,
      Long outputExpiresAfterSeconds,
      Long keyId,
      Long tenantId) {
    Batch b = new Batch();
    b.outputExpiresAfterSeconds = outputExpiresAfterSeconds;
    b.keyId = keyId;
    b.tenantId = tenantId;
    b.owner = fleet.self();
    b.id = "batch_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
    b.inputFileId = inputFileId;
    b.endpoint = endpoint;
    b.completionWindow = window;
    b.metadata = metadata;
    BatchTransitions.created(b);
    b.createdAt = Instant.now();
    b.expiresAt = b.createdAt.plus(Duration.ofHours(24));
    return records.insert(b);
  }

  /** Starts a (new) execution of the batch's job; its steps skip what is already done. */
  public void start(String batchId) {
    Properties params = new Properties();
    params.setProperty("batchId", batchId);
    long execution = operator().start(JOB, params);
    records.update(batchId, b -> b.executionId = execution);
  }

  public Optional<Batch> find(String id) {
    return Optional.ofNullable(em.find(Batch.class, id));
  }

  /** Newest first, after the batch {@code after} when given; one tenant's, or all (null). */
  public List<Batch> list(String after, int limit, Long tenant) {
    return NewestFirst.page(em, Batch.class, after, tenant, limit);
  }

  /**
   * Asks the batch to stop: {@code cancelling} now, {@code cancelled} once its running chunk jobs
   * are cancelled and the files of what was answered are written. A finished batch is left as it
   * is.
   */
  public Batch cancel(String id) {
    Batch b = records.cancelling(id, false);
    if (b.status == BatchStatus.cancelling) {
      stopOrFinish(id, b.executionId);
    }
    return records.batch(id);
  }

  /**
   * Batches whose completion window has passed end as OpenAI's do: {@code expired}, their running
   * chunk jobs cancelled, what was answered kept. (On the way they show {@code cancelling}, the
   * status of a batch whose jobs are being stopped; {@code expired_at} says why.)
   */
  public void expireDue() {
    List<Batch> due =
        em.createQuery(
                "select b from Batch b where b.expiresAt < :now and b.status in"
                    + " (org.slurmllm.bulk.entity.BatchStatus.validating,"
                    + " org.slurmllm.bulk.entity.BatchStatus.in_progress,"
                    + " org.slurmllm.bulk.entity.BatchStatus.finalizing)",
                Batch.class)
            .setParameter("now", Instant.now())
            .getResultList();
    for (Batch b : due) {
      LOG.info(() -> "batch " + b.id + " expired (completion window " + b.completionWindow + ")");
      records.cancelling(b.id, true);
      stopOrFinish(b.id, b.executionId);
    }
  }

  private void stopOrFinish(String id, Long executionId) {
    if (executionId == null) {
      finishCancel(id);
      return;
    }
    try {
      operator().stop(executionId);
    } catch (RuntimeException e) {
      // not running (any more): its end listener will not come, so finish here
      LOG.info(() -> "batch " + id + ": execution not running (" + e.getMessage() + ")");
      finishCancel(id);
    }
  }

  void finishCancel(String id) {
    // no execution runs to stop them: its chunk jobs are cancelled here
    for (var chunk : records.chunks(id)) {
      if (chunk.jobId != null
          && (chunk.state == BatchChunk.State.SUBMITTED
              || chunk.state == BatchChunk.State.RUNNING)) {
        try {
          scheduler.cancel(chunk.jobId);
        } catch (RuntimeException e) {
          LOG.warning(() -> "batch " + id + ": cannot cancel job " + chunk.jobId + ": " + e);
        }
      }
    }
    try {
      assembly.assemble(id, BatchAssembly.endOfStop(records.batch(id)));
    } catch (IOException | RuntimeException e) {
      LOG.warning(() -> "batch " + id + ": " + e.getMessage());
    }
    admission.admit(); // its place, if it had one, goes to the next in the queue
  }

  /**
   * Batches the previous server left unfinished (it crashed or was stopped): each gets a new
   * execution, which does only what is left, or its cancel is finished. Called once at start, when
   * nothing of this server runs yet (an execution the repository still calls STARTED died with the
   * old server).
   */
  /**
   * Resumes the batches whose execution is gone: this gateway's own from before its start (a
   * restart), and those of a gateway whose heartbeat went stale (killed), taken over first so that
   * of several gateways exactly one resumes each. A living gateway's batches are left to it.
   */
  public void resumeUnfinished(Instant bootedAt) {
    resume(bootedAt, true);
  }

  /** Takes over the batches of gateways that went away (never this gateway's own). */
  public void takeOverFromGone(Instant bootedAt) {
    resume(bootedAt, false);
  }

  private void resume(Instant bootedAt, boolean atStart) {
    for (Batch b : em.createNamedQuery(Batch.UNFINISHED, Batch.class).getResultList()) {
      boolean mine = fleet.self().equals(b.owner);
      if (mine && !atStart) {
        continue; // running here, or resumed at the start
      }
      boolean gone =
          mine || b.owner == null ? b.createdAt.isBefore(bootedAt) : !fleet.alive(b.owner);
      if (!gone || (!mine && !records.claim(b.id, b.owner, fleet.self()))) {
        continue;
      }
      if (b.status == BatchStatus.validating && b.executionId == null) {
        continue; // still queued: admission starts it (now this gateway's) in its turn
      }
      LOG.info(
          () ->
              "batch "
                  + b.id
                  + " ("
                  + b.status
                  + ") resumes"
                  + (mine ? " after a restart" : ", taken over from " + b.owner));
      try {
        if (b.status == BatchStatus.cancelling) {
          finishCancel(b.id);
        } else {
          start(b.id);
        }
      } catch (RuntimeException e) {
        LOG.log(Level.SEVERE, "batch " + b.id + " could not resume", e);
      }
    }
    admission.admit();
  }

  static JobOperator operator() {
    return BatchRuntime.getJobOperator();
  }
}
