package org.slurmllm.console.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slurmllm.console.entity.Change;

/** Reads the watched set from the schema's {@code console_changes} view in one query. */
@ApplicationScoped
public class ChangeReader {

  @PersistenceContext EntityManager em;

  public Map<String, Change> read() {
    @SuppressWarnings("unchecked")
    List<Object[]> rows =
        em.createNativeQuery(
                "select kind, id, tenant_id, array_to_string(tenants, ','), detail::text"
                    + " from app.console_changes")
            .getResultList();
    Map<String, Change> changes = new LinkedHashMap<>();
    for (Object[] r : rows) {
      Change c =
          new Change(
              (String) r[0],
              (String) r[1],
              r[2] == null ? null : ((Number) r[2]).longValue(),
              r[3] == null ? null : List.of(((String) r[3]).split(",")),
              (String) r[4]);
      changes.put(c.key(), c);
    }
    return changes;
  }
}
