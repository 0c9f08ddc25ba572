package org.slurmllm.bulk.control;

import java.util.function.Consumer;
import org.slurmllm.bulk.entity.Batch;
import org.slurmllm.bulk.entity.BatchChunk;
import org.slurmllm.bulk.entity.BatchStatus;

/**
 * Breaks a rule on purpose (StateOwnersTest): a chunk's state and a batch's status set outside
 * their transitions, in lambdas as a record update would.
 */
public class ForbiddenStateMove {
  Consumer<BatchChunk> finishChunk = c -> c.state = BatchChunk.State.DONE;
  Consumer<Batch> finishBatch = b -> b.status = BatchStatus.completed;
}
