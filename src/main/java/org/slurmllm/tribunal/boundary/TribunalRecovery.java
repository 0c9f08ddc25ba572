package org.slurmllm.tribunal.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.logging.Logger;
import org.slurmllm.tribunal.control.TribunalRecords;

/**
 * Tribunals whose runner is gone are marked failed (their steps so far stay readable): at start,
 * those this gateway ran before its restart; every 15 s, those of a gateway whose heartbeat went
 * stale. Rerunning them would call every model again; the client decides.
 */
@Startup
@Singleton
public class TribunalRecovery {

  private static final Logger LOG = Logger.getLogger(TribunalRecovery.class.getName());

  @Inject TribunalRecords records;
  @Resource TimerService timers;
  private final Instant bootedAt = Instant.now();

  @PostConstruct
  void schedule() {
    timers.createSingleActionTimer(2000, new TimerConfig(null, false));
  }

  @Timeout
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
