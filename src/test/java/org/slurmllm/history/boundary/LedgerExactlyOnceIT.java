package org.slurmllm.history.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.ds.PGSimpleDataSource;
import org.slurmllm.history.entity.UsageRecord;
import org.slurmllm.testing.Deployments;
import org.slurmllm.testing.TestDatabase;

/**
 * A batch of usage records written again (what the ledger does when a commit's outcome was lost
 * with its connection) counts once, and charges its key's tokens once. Against the test server's
 * schema in the real PostgreSQL.
 */
@ExtendWith(ArquillianExtension.class)
class LedgerExactlyOnceIT {

  @Deployment(testable = false)
  static WebArchive app() {
    return Deployments.application();
  }

  static final String URL = TestDatabase.URL;

  static long single(Connection db, String sql, Object... args) throws Exception {
    try (var s = db.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        s.setObject(i + 1, args[i]);
      }
      try (var rows = s.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  @Test
  void aBatchWrittenTwiceCountsOnce() throws Exception {
    PGSimpleDataSource source = new PGSimpleDataSource();
    source.setURL(URL);
    source.setUser("slurmllm");
    source.setPassword("slurmllm");
    UsageLedger ledger = new UsageLedger();
    ledger.database = source;
    String reference = "once-" + UUID.randomUUID();
    try (Connection db = TestDatabase.connect()) {
      long key = single(db, "select id from app.api_keys order by id limit 1");
      long before = single(db, "select tokens_used from app.api_keys where id = ?", key);
      List<UsageLedger.Entry> batch =
          List.of(entry(key, reference, 10, 5), entry(key, reference, 3, 2));
      ledger.write(batch);
      ledger.write(batch); // the retry after a commit that did happen
      assertEquals(
          2, single(db, "select count(*) from app.usage_records where reference = ?", reference));
      assertEquals(
          before + 20, single(db, "select tokens_used from app.api_keys where id = ?", key));
    }
  }

  static UsageLedger.Entry entry(long key, String reference, int prompt, int completion) {
    return new UsageLedger.Entry(
        UUID.randomUUID(),
        new UsageRecord(
            Instant.now(),
            key,
            null,
            "chat",
            "m",
            null,
            null,
            reference,
            prompt,
            completion,
            1,
            null,
            200,
            null,
            null,
            null,
            null,
            null));
  }
}
