package org.slurmllm.bulk.control;

import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.partition.PartitionMapper;
import jakarta.batch.api.partition.PartitionPlan;
import jakarta.batch.api.partition.PartitionPlanImpl;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;
import java.util.Properties;
import org.slurmllm.bulk.entity.BatchChunk;

/**
 * Step 2's plan: one partition per chunk not yet done (after a restart, only those), at most {@code
 * parallelChunks} at a time.
 */
@Dependent
@Named("chunkMapper")
public class ChunkMapper implements PartitionMapper {

  @Inject @BatchProperty String batchId;
  @Inject BatchRecords records;
  @Inject BulkSettings settings;

  @Override
  public PartitionPlan mapPartitions() {
    List<BatchChunk> open =
        records.chunks(batchId).stream()
            .filter(c -> c.state != BatchChunk.State.DONE && c.state != BatchChunk.State.FAILED)
            .toList();
    PartitionPlanImpl plan = new PartitionPlanImpl();
    // a plan needs a partition; "-1" is one that has nothing to do
    List<Integer> indexes = open.isEmpty() ? List.of(-1) : open.stream().map(c -> c.index).toList();
    Properties[] props = new Properties[indexes.size()];
    for (int i = 0; i < props.length; i++) {
      props[i] = new Properties();
      props[i].setProperty("chunkIndex", Integer.toString(indexes.get(i)));
    }
    plan.setPartitions(props.length);
    plan.setThreads(Math.max(1, Math.min(settings.parallelChunks(), props.length)));
    plan.setPartitionProperties(props);
    return plan;
  }
}
