package org.slurmllm.bulk.control;

import jakarta.batch.api.AbstractBatchlet;
import jakarta.batch.api.BatchProperty;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.slurmllm.bulk.entity.BatchStatus;

/** Step 3: output and error files in input order, then {@code completed}. */
@Dependent
@Named("finalizeBatch")
public class FinalizeBatch extends AbstractBatchlet {

  @Inject @BatchProperty String batchId;
  @Inject BatchRecords records;
  @Inject BatchAssembly assembly;
  @Inject org.slurmllm.fleet.boundary.Fleet fleet;

  @Override
  public String process() throws Exception {
    if (!records.ownedBy(batchId, fleet.self())) {
      return "SKIPPED"; // taken over by another gateway, which assembles it
    }
    if (!records.advance(batchId, BatchStatus.finalizing)
        && records.batch(batchId).status != BatchStatus.finalizing) {
      return "SKIPPED"; // cancelled meanwhile: the job's end writes the files
    }
    assembly.assemble(batchId, BatchStatus.completed);
    return "COMPLETED";
  }
}
