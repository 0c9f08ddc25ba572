package org.slurmllm.history.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.slurmllm.access.boundary.KeyAllowances;
import org.slurmllm.history.control.UsageBacklog;
import org.slurmllm.history.entity.UsageRecord;

/**
 * The usage ledger's backlog is bounded by bytes while the database is away: records with big
 * prompts lose their text first and keep their metadata, then whole records are dropped and
 * counted, and the drops are logged once a minute, not once each.
 */
class UsageBacklogTest {

  static final long BOUND = 1 << 20; // 1 MB

  /** A database that is away: every connection attempt fails, as when PostgreSQL is down. */
  static final DataSource AWAY =
      new DataSource() {
        @Override
        public Connection getConnection() throws SQLException {
          throw new SQLTransientConnectionException("connection refused", "08001");
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
          return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() {
          return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {}

        @Override
        public void setLoginTimeout(int seconds) {}

        @Override
        public int getLoginTimeout() {
          return 0;
        }

        @Override
        public Logger getParentLogger() {
          return Logger.getGlobal();
        }

        @Override
        public <T> T unwrap(Class<T> iface) {
          return null;
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
          return false;
        }
      };

  static UsageLedger ledger() {
    UsageLedger ledger = new UsageLedger();
    ledger.database = AWAY;
    ledger.allowances =
        new KeyAllowances() {
          @Override
          public void charge(long keyId, long tokens) {}
        };
    ledger.backlog = UsageLedger.bounded(BOUND);
    return ledger;
  }

  static UsageRecord withPrompt(int i, String prompt) {
    return new UsageRecord(
        Instant.now(),
        7L,
        3L,
        "chat",
        "m",
        null,
        null,
        null,
        100 + i,
        20,
        5,
        null,
        200,
        prompt.length(),
        11,
        prompt,
        "an answer",
        "req-" + i);
  }

  @Test
  void bigPromptsLoseTheirTextThenRecordsAreDroppedAndTheBacklogStaysBounded() {
    UsageLedger ledger = ledger();
    List<LogRecord> logged = new ArrayList<>();
    Handler handler =
        new Handler() {
          @Override
          public void publish(LogRecord r) {
            if (r.getLevel() == Level.SEVERE) {
              logged.add(r);
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Logger log = Logger.getLogger(UsageLedger.class.getName());
    log.addHandler(handler);
    try {
      int sent = 2_000;
      for (int i = 0; i < sent; i++) {
        // 64 KB of prompt each, each its own string: 640 MB in all if the backlog kept them
        ledger.record(withPrompt(i, String.valueOf((char) ('a' + i % 26)).repeat(64 * 1024)));
        if (i % 500 == 0) {
          ledger.flush(); // the writer's second: the database is away, all of it waits again
        }
      }
      assertTrue(
          ledger.backlog.bytes() <= BOUND, "backlog " + ledger.backlog.bytes() + " > " + BOUND);
      List<UsageRecord> waiting = ledger.waiting();
      long textChars =
          waiting.stream()
              .mapToLong(r -> r.promptText() == null ? 0 : r.promptText().length())
              .sum();
      assertTrue(2 * textChars <= BOUND, "texts held: " + textChars + " characters");
      assertTrue(
          ledger.backlog.textsDropped() > 0, "texts dropped: " + ledger.backlog.textsDropped());
      assertTrue(ledger.backlog.dropped() > 0, "records dropped: " + ledger.backlog.dropped());
      assertEquals(sent, waiting.size() + ledger.backlog.dropped(), "every record kept or counted");

      UsageRecord first = waiting.get(0);
      assertNotNull(first.promptText(), "while there was room, records kept their text");
      UsageRecord stripped = waiting.get(waiting.size() - 1);
      assertNull(stripped.promptText(), "over the bound: the text went first");
      assertNull(stripped.completionText());
      assertEquals(7L, stripped.keyId(), "the metadata stayed");
      assertEquals(3L, stripped.tenantId());
      assertEquals("m", stripped.model());
      assertEquals(200, stripped.status());
      assertEquals(20, stripped.completionTokens());
      assertEquals(64 * 1024, stripped.promptChars());
      assertTrue(stripped.promptTokens() >= 100);

      assertEquals(
          1,
          logged.stream().filter(r -> r.getMessage().contains("backlog")).count(),
          "logged once a minute, not once a drop: " + logged.size());
    } finally {
      log.removeHandler(handler);
    }
  }

  @Test
  void theDefaultBoundIsASmallShareOfTheHeap() {
    long bound = UsageBacklog.defaultMaxBytes();
    assertTrue(bound <= 64L << 20);
    assertTrue(bound <= Runtime.getRuntime().maxMemory() / 16);
  }
}
