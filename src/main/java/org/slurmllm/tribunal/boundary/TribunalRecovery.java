package org.slurmllm.tribunal.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.slurmllm.tribunal.control.TribunalRecords;

/**
 * Tribunals whose runner is gone are marked failed (their steps so far stay readable): at start,
 * those this gateway ran before its restart; every 15 s, those of a gateway whose heartbeat went
 * stale. Rerunning them would call every model again; the client decides.
 */
@Startup
@Singleton
@DependsOn("SchemaMigration")
public class TribunalRecovery {

  private static final Logger LOG = Logger.getLogger(TribunalRecovery.class.getName());

  @Inject TribunalRecords records;
  private final Instant bootedAt = Instant.now();

  /**
   * At once: the schema is there (DependsOn), and nothing of this gateway runs a tribunal yet. A
   * database that does not answer is only logged: the pass every 15 s does the same work.
   */
  @PostConstruct
  void atStart() {
    try {
      recover();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "tribunals interrupted by the restart not marked yet", e);
    }
  }

  void recover() {
    int n = records.failInterrupted(bootedAt);
    if (n > 0) {
      LOG.info(() -> n + " tribunal(s) whose runner is gone marked failed");
    }
  }

  @Schedule(hour = "*", minute = "*", second = "*/15", persistent = false)
  void recoverFromOthers() {
    recover();
  }
}
