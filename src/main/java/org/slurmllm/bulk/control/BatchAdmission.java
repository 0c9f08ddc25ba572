package org.slurmllm.bulk.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.slurmllm.fleet.boundary.Fleet;

/**
 * Starts queued batches when there is room: a new batch waits (status {@code validating}, no
 * execution yet) while its tenant has {@code SLURMLLM_BATCH_MAX_IN_PROGRESS_PER_TENANT} batches in
 * progress, or while this gateway's batch threads are all taken; it starts when one ends. So one
 * tenant's batches, however long their chunk jobs wait in SLURM's queue, hold at most their share
 * of the threads, and another tenant's batch starts beside them. The choice is {@link
 * BatchQueue}'s.
 */
@ApplicationScoped
public class BatchAdmission {

  private static final Logger LOG = Logger.getLogger(BatchAdmission.class.getName());

  @Inject BatchRecords records;
  @Inject BatchService batches;
  @Inject BulkSettings settings;
  @Inject Fleet fleet;

  /**
   * Starts what may start of this gateway's queue. One admission at a time in a gateway; gateways
   * count each other's batches in progress through the database.
   */
  public synchronized void admit() {
    String self = fleet.self();
    int slots = BatchQueue.slots(settings.threads(), settings.parallelChunks());
    while (true) {
      int free = slots - (int) records.inProgressOn(self);
      if (free <= 0) {
        return;
      }
      Map<Long, Integer> inProgress = new HashMap<>(records.inProgressByTenant());
      List<BatchQueue.Queued> queued =
          records.queued(self, inProgress, settings.maxInProgressPerTenant(), free);
      List<BatchQueue.Queued> start =
          BatchQueue.toStart(queued, inProgress, free, settings.maxInProgressPerTenant());
      if (start.isEmpty()) {
        return;
      }
      for (BatchQueue.Queued q : start) {
        try {
          batches.start(q.id());
        } catch (RuntimeException e) {
          LOG.log(Level.SEVERE, "batch " + q.id() + " could not start", e);
          return; // tried again at the next admission
        }
      }
    }
  }
}
