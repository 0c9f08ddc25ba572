package org.slurmllm.responses.control;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.slurmllm.responses.entity.StoredResponse;

/**
 * Keeps responses in PostgreSQL by group commit: each response's future completes once its row is
 * committed (its id may then be continued, from any gateway), and the responses that came while one
 * transaction was written go together in the next. One insert per response and transaction cost 33
 * ms at the median at 1,000 requests/s (the commits queued behind each other); together they cost
 * one commit's time.
 */
@ApplicationScoped
public class ResponseKeeper {

  private static final Logger LOG = Logger.getLogger(ResponseKeeper.class.getName());

  /** Most rows one transaction writes. */
  static final int BATCH = 500;

  @Resource(lookup = "java:jboss/datasources/SlurmLlmDS")
  DataSource database;

  @Resource ManagedExecutorService executor;

  private record Pending(StoredResponse response, CompletableFuture<Void> kept) {}

  private final ConcurrentLinkedQueue<Pending> pending = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean writing = new AtomicBoolean();

  /** Completes once the response is committed; fails if it could not be. */
  public CompletableFuture<Void> keep(StoredResponse response) {
    Pending p = new Pending(response, new CompletableFuture<>());
    pending.add(p);
    writeSoon();
    return p.kept;
  }

  private void writeSoon() {
    if (writing.compareAndSet(false, true)) {
      executor.execute(this::writeAll);
    }
  }

  private void writeAll() {
    try {
      List<Pending> batch;
      while (!(batch = take()).isEmpty()) {
        try {
          write(batch);
          batch.forEach(p -> p.kept.complete(null));
        } catch (SQLException | RuntimeException e) {
          // only the SQL state: the driver's message may quote a response's text
          LOG.warning(
              "responses not kept ("
                  + (e instanceof SQLException s ? "SQL state " + s.getSQLState() : e.getClass())
                  + "): "
                  + batch.size());
          batch.forEach(p -> p.kept.completeExceptionally(e));
        }
      }
    } finally {
      writing.set(false);
      if (!pending.isEmpty()) {
        writeSoon(); // came after the last take and before the flag was down
      }
    }
  }

  private List<Pending> take() {
    List<Pending> batch = new ArrayList<>();
    Pending p;
    while (batch.size() < BATCH && (p = pending.poll()) != null) {
      batch.add(p);
    }
    return batch;
  }

  private void write(List<Pending> batch) throws SQLException {
    try (Connection c = database.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement insert =
          c.prepareStatement(
              "insert into app.stored_responses (id, tenant_id, key_id, model,"
                  + " previous_response_id, created_at, expires_at, input_items, response, bytes)"
                  + " values (?, ?, ?, ?, ?, ?, ?, cast(? as jsonb), cast(? as jsonb), ?)")) {
        for (Pending p : batch) {
          StoredResponse r = p.response;
          insert.setString(1, r.id());
          if (r.tenantId() == null) {
            insert.setNull(2, Types.BIGINT);
          } else {
            insert.setLong(2, r.tenantId());
          }
          insert.setLong(3, r.keyId());
          insert.setString(4, r.model());
          insert.setString(5, r.previousResponseId());
          insert.setTimestamp(6, Timestamp.from(r.createdAt()));
          insert.setTimestamp(7, r.expiresAt() == null ? null : Timestamp.from(r.expiresAt()));
          insert.setString(8, r.inputItems());
          insert.setString(9, r.response());
          insert.setLong(
              10,
              (long) r.inputItems().getBytes(StandardCharsets.UTF_8).length
                  + r.response().getBytes(StandardCharsets.UTF_8).length);
          insert.addBatch();
        }
        insert.executeBatch();
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }
}
