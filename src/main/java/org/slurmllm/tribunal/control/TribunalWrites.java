package org.slurmllm.tribunal.control;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.slurmllm.tribunal.entity.TribunalStep;

/**
 * Each tribunal's writes, in order, off its critical path: a step is written while the next calls
 * already run (about 4 ms a write here, which made 8 % of a short tribunal). A failed write is
 * logged and the next one still runs. The tribunal ends only after all its writes ({@link #flush}).
 */
@ApplicationScoped
public class TribunalWrites {

  private static final Logger LOG = Logger.getLogger(TribunalWrites.class.getName());

  /**
   * The writes have a pool of their own (wildfly-config/concurrency.cli), apart from the runners
   * that wait on them: a wait never holds a thread its awaited work needs.
   */
  @Resource(lookup = "java:jboss/ee/concurrency/executor/tribunal-writes")
  ManagedExecutorService writer;

  @Inject TribunalRecords records;

  /** The last write queued for each tribunal: the next one runs after it. */
  private final Map<String, CompletableFuture<Void>> writes = new ConcurrentHashMap<>();

  /** Queues the step's write after the tribunal's earlier ones. */
  void step(String id, TribunalStep step) {
    writes.compute(id, (k, tail) -> after(tail, () -> records.step(step)));
  }

  /** Queues the note that the tribunal's round {@code round} is done. */
  void roundDone(String id, int round) {
    writes.compute(id, (k, tail) -> after(tail, () -> records.roundDone(id, round)));
  }

  /** Waits until the tribunal's writes so far are done, whether they succeeded or not. */
  void flush(String id) {
    CompletableFuture<Void> tail = writes.remove(id);
    if (tail != null) {
      tail.exceptionally(e -> null).join();
    }
  }

  /** Drops the tribunal's queue without waiting: its runner is done with it. */
  void forget(String id) {
    writes.remove(id);
  }

  private CompletableFuture<Void> after(CompletableFuture<Void> tail, Runnable write) {
    CompletableFuture<Void> previous =
        tail == null ? CompletableFuture.completedFuture(null) : tail;
    return previous
        .exceptionally(
            e -> {
              LOG.log(Level.SEVERE, "a tribunal write failed", e);
              return null;
            })
        .thenRunAsync(write, writer);
  }
}
