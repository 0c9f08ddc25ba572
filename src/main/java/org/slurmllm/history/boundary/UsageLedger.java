package org.slurmllm.history.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.slurmllm.access.boundary.KeyAllowances;
import org.slurmllm.history.control.UsageBacklog;
import org.slurmllm.history.entity.UsageRecord;
import org.slurmllm.metrics.Meters;

/**
 * The usage ledger's way in: a request thread hands its record over (a lock-free queue, no
 * database) and charges the key's allowances in memory; a writer stores what has gathered, in
 * batches, once a second and at shutdown, together with each key's running token count. What waits
 * is bounded by bytes and by count ({@link UsageBacklog}): a database away for long costs records
 * their text first, then records, never the heap.
 */
@ApplicationScoped
public class UsageLedger {

  private static final Logger LOG = Logger.getLogger(UsageLedger.class.getName());

  /** Beyond this many unwritten records (the database away for long), new ones are dropped. */
  static final int MAX_PENDING = 1_000_000;

  private static final int WRITE_BATCH = 5_000;

  @Resource(lookup = "java:jboss/datasources/SlurmLlmDS")
  DataSource database;

  @Inject KeyAllowances allowances;
  @Inject Meters meters;

  /** The backlog's bound; unset: a sixteenth of the heap, at most 64 MB. */
  @Inject
  @ConfigProperty(name = "slurmllm.usage.backlog.bytes")
  Optional<Long> backlogBytes;

  UsageBacklog backlog = bounded(UsageBacklog.defaultMaxBytes());

  /**
   * A record with the id it is written under: made once, when the record is handed in, so a write
   * retried after a commit whose outcome was unclear (the connection lost at the commit) finds its
   * row already there and counts nothing twice.
   */
  record Entry(UUID id, UsageRecord record) {}

  private final ConcurrentLinkedQueue<Entry> pending = new ConcurrentLinkedQueue<>();

  private volatile boolean closed;

  @PostConstruct
  void register() {
    backlogBytes.ifPresent(bound -> backlog = bounded(bound));
    backlog.register(meters);
  }

  /** A backlog of at most {@code maxBytes} (tests make a small one). */
  static UsageBacklog bounded(long maxBytes) {
    return new UsageBacklog(maxBytes, MAX_PENDING, LOG::severe);
  }

  /** At shutdown: what is pending is written; later records are written as they come. */
  @PreDestroy
  void close() {
    closed = true;
    flush();
  }

  public void record(UsageRecord r) {
    if (r.keyId() != null && r.totalTokens() > 0) {
      allowances.charge(r.keyId(), r.totalTokens());
    }
    UsageRecord kept = backlog.admit(r);
    if (kept == null) {
      return; // over the bound: counted and reported by the backlog
    }
    pending.add(new Entry(UUID.randomUUID(), kept));
    if (closed) {
      flush(); // the writer has stopped: a record made during shutdown is written at once
    }
  }

  /** Records not written yet. */
  public int pending() {
    return backlog.records();
  }

  /** The records waiting to be written, oldest first (for tests and diagnostics). */
  List<UsageRecord> waiting() {
    return pending.stream().map(Entry::record).toList();
  }

  /**
   * Writes everything pending, a batch per transaction. A batch that fails goes back to the queue
   * and is tried again at the next flush.
   *
   * @return records written
   */
  public synchronized int flush() {
    int written = 0;
    while (true) {
      List<Entry> batch = new ArrayList<>();
      Entry r;
      while (batch.size() < WRITE_BATCH && (r = pending.poll()) != null) {
        batch.add(r);
      }
      if (batch.isEmpty()) {
        return written;
      }
      try {
        write(batch);
        gone(batch);
        written += batch.size();
      } catch (SQLException | RuntimeException e) {
        int alone = writeOneByOne(batch, e);
        if (alone < 0) {
          return written; // the database is away: all of it is queued again
        }
        written += alone;
      }
    }
  }

  /**
   * After a batch failed: each record alone, so one the database refuses cannot hold back the
   * others. A refused record is dropped (and counted); if the database itself is away, the whole
   * batch goes back to the queue and -1 is returned. Only the SQL state is logged: the driver's
   * messages can quote the record's values, prompts among them.
   */
  private int writeOneByOne(List<Entry> batch, Exception batchFailure) {
    if (!reachable()) {
      LOG.warning("usage ledger: database unreachable (" + state(batchFailure) + "); will retry");
      batch.forEach(pending::add); // still counted as waiting: the bound holds meanwhile
      return -1;
    }
    int written = 0;
    for (Entry r : batch) {
      try {
        write(List.of(r));
        written++;
      } catch (SQLException | RuntimeException e) {
        backlog.refused(); // its tokens stay charged here: counted, if not by the database
        LOG.severe("usage ledger: a record was refused (" + state(e) + ") and dropped");
      }
    }
    gone(batch);
    return written;
  }

  /** The entries are written (or dropped): they wait no longer. */
  private void gone(List<Entry> batch) {
    batch.forEach(e -> backlog.gone(e.record()));
  }

  private boolean reachable() {
    try (Connection c = database.getConnection()) {
      return c.isValid(2);
    } catch (SQLException | RuntimeException e) {
      return false;
    }
  }

  private static String state(Exception e) {
    return e instanceof SQLException s
        ? "SQL state " + s.getSQLState()
        : e.getClass().getSimpleName();
  }

  /** PostgreSQL text cannot hold U+0000 (a model may well write it). */
  static String text(String s) {
    return s == null || s.indexOf('\0') < 0 ? s : s.replace("\0", "");
  }

  /**
   * Writes a batch in one transaction: the records not written before (their ids), and each key's
   * tokens of exactly those. Returns nothing: a failure throws and the caller requeues.
   */
  void write(List<Entry> batch) throws SQLException {
    Map<Long, Long> tokensByKey = new HashMap<>();
    try (Connection c = database.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement insert =
              c.prepareStatement(
                  "insert into app.usage_records (occurred_at, key_id, tenant_id, kind, model,"
                      + " replica_id, slurm_job_id, reference, prompt_tokens, completion_tokens,"
                      + " latency_ms, ttft_ms, status, prompt_chars, completion_chars,"
                      + " prompt_text, completion_text, record_id, request_id) values (?, ?, ?,"
                      + " ?, ?, ?, coalesce(?, (select job_id from app.replicas where id = ?)),"
                      + " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                      + " on conflict (record_id) do nothing");
          PreparedStatement charge =
              c.prepareStatement(
                  "update app.api_keys set tokens_used = tokens_used + ? where id = ?")) {
        for (Entry e : batch) {
          UsageRecord r = e.record();
          insert.setTimestamp(1, Timestamp.from(r.at()));
          setLong(insert, 2, r.keyId());
          setLong(insert, 3, r.tenantId());
          insert.setString(4, r.kind());
          insert.setString(5, r.model());
          insert.setObject(6, r.replicaId(), Types.OTHER);
          insert.setString(7, r.slurmJobId());
          insert.setObject(8, r.replicaId(), Types.OTHER);
          insert.setString(9, r.reference());
          insert.setInt(10, r.promptTokens());
          insert.setInt(11, r.completionTokens());
          setInt(insert, 12, r.latencyMs());
          setInt(insert, 13, r.ttftMs());
          insert.setInt(14, r.status());
          setInt(insert, 15, r.promptChars());
          setInt(insert, 16, r.completionChars());
          insert.setString(17, text(r.promptText()));
          insert.setString(18, text(r.completionText()));
          insert.setObject(19, e.id(), Types.OTHER);
          insert.setString(20, r.requestId());
          insert.addBatch();
        }
        int[] inserted = insert.executeBatch();
        for (int i = 0; i < batch.size(); i++) {
          UsageRecord r = batch.get(i).record();
          // 0: written by an earlier attempt whose commit this gateway did not hear of
          if (inserted[i] != 0 && r.keyId() != null && r.totalTokens() > 0) {
            tokensByKey.merge(r.keyId(), (long) r.totalTokens(), Long::sum);
          }
        }
        for (Map.Entry<Long, Long> e : tokensByKey.entrySet()) {
          charge.setLong(1, e.getValue());
          charge.setLong(2, e.getKey());
          charge.addBatch();
        }
        charge.executeBatch();
        c.commit();
        written(batch);
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  /**
   * Every charged record of the batch is in the database now (those an earlier attempt wrote too):
   * the key's count in memory stops adding them to the database's.
   */
  private void written(List<Entry> batch) {
    if (allowances == null) {
      return; // a ledger made by a test, without access
    }
    Map<Long, Long> charged = new HashMap<>();
    for (Entry e : batch) {
      UsageRecord r = e.record();
      if (r.keyId() != null && r.totalTokens() > 0) {
        charged.merge(r.keyId(), (long) r.totalTokens(), Long::sum);
      }
    }
    charged.forEach(allowances::written);
  }

  private static void setLong(PreparedStatement s, int i, Long v) throws SQLException {
    if (v == null) {
      s.setNull(i, Types.BIGINT);
    } else {
      s.setLong(i, v);
    }
  }

  private static void setInt(PreparedStatement s, int i, Integer v) throws SQLException {
    if (v == null) {
      s.setNull(i, Types.INTEGER);
    } else {
      s.setInt(i, v);
    }
  }
}
