package org.slurmllm.bulk.control;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slurmllm.bulk.entity.BatchChunk;
import org.slurmllm.metrics.Meters;

/**
 * Batches as Prometheus sees them: requests answered and failed (counted as their chunk ends) and
 * the chunks waiting, submitted and running now (from the shared database: every gateway's).
 */
@ApplicationScoped
public class BulkMeters {

  private static final List<BatchChunk.State> UNDER_WAY =
      List.of(BatchChunk.State.PENDING, BatchChunk.State.SUBMITTED, BatchChunk.State.RUNNING);

  @Inject Meters meters;
  @PersistenceContext EntityManager em;

  private Counter completed;
  private Counter failed;
  private MultiGauge chunks;

  @PostConstruct
  void register() {
    completed = requests("completed");
    failed = requests("failed");
    chunks = meters.gauges("slurmllm.batch.chunks", "Batch chunks under way, by state");
  }

  private Counter requests(String state) {
    return meters.counter(
        "slurmllm.batch.requests", "Batch requests by how they ended", "state", state);
  }

  /** A chunk ended with these counts. */
  void ended(int completedRequests, int failedRequests) {
    completed.increment(completedRequests);
    failed.increment(failedRequests);
  }

  /** Counts the chunks under way again (one grouped query). */
  public void count() {
    @SuppressWarnings("unchecked")
    List<Object[]> rows =
        em.createNativeQuery(
                "select state, count(*) from app.batch_chunks"
                    + " where state in ('PENDING', 'SUBMITTED', 'RUNNING') group by state")
            .getResultList();
    Map<String, Long> counts = new HashMap<>();
    rows.forEach(r -> counts.put((String) r[0], ((Number) r[1]).longValue()));
    chunks.register(
        UNDER_WAY.stream()
            .map(
                s ->
                    MultiGauge.Row.of(
                        Tags.of("state", s.name()), counts.getOrDefault(s.name(), 0L)))
            .toList(),
        true);
  }
}
