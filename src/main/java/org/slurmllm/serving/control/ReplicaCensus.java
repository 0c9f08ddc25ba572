package org.slurmllm.serving.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How many replicas each model has in each live state, in one query for the whole catalog. */
@ApplicationScoped
public class ReplicaCensus {

  @PersistenceContext EntityManager em;

  /** model -> state -> count, of replicas PENDING, STARTING, READY or DRAINING. */
  public Map<String, Map<String, Long>> live() {
    @SuppressWarnings("unchecked")
    List<Object[]> rows =
        em.createNativeQuery(
                "select model_name, state, count(*) from app.replicas"
                    + " where state in ('PENDING', 'STARTING', 'READY', 'DRAINING')"
                    + " group by model_name, state order by model_name, state")
            .getResultList();
    Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
    for (Object[] r : rows) {
      counts
          .computeIfAbsent((String) r[0], m -> new LinkedHashMap<>())
          .put((String) r[1], ((Number) r[2]).longValue());
    }
    return counts;
  }
}
