package org.slurmllm.responses.control;

import static org.slurmllm.rest.JsonP.JSON;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.io.StringReader;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slurmllm.responses.entity.StoredResponse;

/**
 * The kept responses in PostgreSQL: found, a conversation read back, removed, swept ({@link
 * ResponseKeeper} writes them).
 */
@ApplicationScoped
public class ResponseStore {

  /** Most turns a conversation is read back over: a bound on a chain that loops or never ends. */
  static final int MOST_TURNS = 1000;

  @PersistenceContext EntityManager em;

  /** The kept response with this id, not expired. */
  @Transactional
  public Optional<StoredResponse> find(String id) {
    List<?> rows =
        em.createNativeQuery(
                "select id, tenant_id, key_id, model, previous_response_id, created_at, expires_at,"
                    + " input_items::text, response::text from app.stored_responses"
                    + " where id = ? and (expires_at is null or expires_at > now())")
            .setParameter(1, id)
            .getResultList();
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    Object[] row = (Object[]) rows.get(0);
    return Optional.of(
        new StoredResponse(
            (String) row[0],
            row[1] == null ? null : ((Number) row[1]).longValue(),
            ((Number) row[2]).longValue(),
            (String) row[3],
            (String) row[4],
            instant(row[5]),
            instant(row[6]),
            (String) row[7],
            (String) row[8]));
  }

  /**
   * The items of the conversation a response ends: each earlier turn's input and output, oldest
   * first, up to and including {@code id}'s, over the responses of the same tenant that are kept.
   */
  @Transactional
  public List<JsonObject> conversation(String id) {
    List<?> rows =
        em.createNativeQuery(
                "with recursive chain (id, tenant_id, previous_response_id, input_items, output,"
                    + " turn) as ("
                    + " select id, tenant_id, previous_response_id, input_items,"
                    + " response->'output', 0 from app.stored_responses where id = ?"
                    + " union all"
                    + " select r.id, r.tenant_id, r.previous_response_id, r.input_items,"
                    + " r.response->'output', c.turn + 1 from app.stored_responses r"
                    + " join chain c on r.id = c.previous_response_id"
                    + " and r.tenant_id is not distinct from c.tenant_id"
                    + " where c.turn < ? and (r.expires_at is null or r.expires_at > now()))"
                    + " select input_items::text, output::text from chain order by turn desc")
            .setParameter(1, id)
            .setParameter(2, MOST_TURNS)
            .getResultList();
    List<JsonObject> items = new ArrayList<>();
    for (Object r : rows) {
      Object[] row = (Object[]) r;
      for (int k = 0; k < 2; k++) {
        for (JsonValue item : array((String) row[k])) {
          items.add(item.asJsonObject());
        }
      }
    }
    return items;
  }

  @Transactional
  public boolean delete(String id) {
    return em.createNativeQuery("delete from app.stored_responses where id = ?")
            .setParameter(1, id)
            .executeUpdate()
        > 0;
  }

  /** Removes expired responses, at most {@code batch}; how many were removed. */
  @Transactional
  public int sweep(int batch) {
    return em.createNativeQuery(
            "delete from app.stored_responses where id in (select id from app.stored_responses"
                + " where expires_at <= now() limit ?)")
        .setParameter(1, batch)
        .executeUpdate();
  }

  /** The bytes a tenant stores, files and responses: what its quota counts. */
  @Transactional
  public long storedBytes(long tenantId) {
    List<?> rows =
        em.createNativeQuery("select bytes from app.tenant_stored_bytes where tenant_id = ?")
            .setParameter(1, tenantId)
            .getResultList();
    return rows.isEmpty() || rows.get(0) == null ? 0 : ((Number) rows.get(0)).longValue();
  }

  static JsonArray array(String json) {
    if (json == null) {
      return JsonValue.EMPTY_JSON_ARRAY;
    }
    try (var reader = JSON.createReader(new StringReader(json))) {
      return reader.readArray();
    }
  }

  private static Instant instant(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof Timestamp t) {
      return t.toInstant();
    }
    if (value instanceof Instant i) {
      return i;
    }
    if (value instanceof java.time.OffsetDateTime o) {
      return o.toInstant();
    }
    return Instant.parse(value.toString());
  }
}
