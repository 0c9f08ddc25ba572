package org.slurmllm.bulk.control;

import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.listener.AbstractJobListener;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.logging.Logger;
import org.slurmllm.bulk.entity.Batch;

/**
 * When a batch's job ends: a cancelled batch gets its files (what was answered stays downloadable)
 * and {@code cancelled}; a job that failed fails its batch. A job stopped by a server shutdown
 * leaves its batch as it is, to be resumed at the next start. Either way the next queued batch may
 * start.
 */
@Dependent
@Named("batchEnd")
public class BatchEnd extends AbstractJobListener {

  private static final Logger LOG = Logger.getLogger(BatchEnd.class.getName());

  @Inject @BatchProperty String batchId;
  @Inject JobContext job;
  @Inject BatchRecords records;
  @Inject BatchAssembly assembly;
  @Inject BatchAdmission admission;
  @Inject org.slurmllm.fleet.boundary.Fleet fleet;

  @Override
  public void afterJob() throws Exception {
    try {
      end();
    } finally {
      admission.admit(); // the next queued batch takes this one's place
    }
  }

  private void end() throws Exception {
    Batch batch = records.batch(batchId);
    if (batch.owner != null && !batch.owner.equals(fleet.self())) {
      return; // taken over by another gateway: its job ends it, not this one's
    }
    if (batch.status == org.slurmllm.bulk.entity.BatchStatus.cancelling) {
      assembly.assemble(batchId, BatchAssembly.endOfStop(batch));
    } else if (job.getBatchStatus() == BatchStatus.FAILED && !batch.status.terminal()) {
      LOG.warning(() -> "batch " + batchId + ": its job failed (" + job.getExitStatus() + ")");
      records.update(
          batchId,
          b -> {
            b.errors =
                "[{\"code\":\"internal_error\",\"message\":\"The batch job failed; see the server"
                    + " log.\"}]";
          });
      records.advance(batchId, org.slurmllm.bulk.entity.BatchStatus.failed);
    }
  }
}
