package org.slurmllm.bulk.boundary;

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
import org.slurmllm.bulk.control.BatchService;

/**
 * At start, resumes the batches this gateway left unfinished before its restart (once the app is
 * up); while running, takes over those of gateways that went away, and expires batches whose
 * completion window has passed.
 */
@Startup
@Singleton
public class BatchResumer {

  @Inject BatchService batches;
  @Resource TimerService timers;

  private final Instant bootedAt = Instant.now();

  @PostConstruct
  void schedule() {
    // a moment after start: the batch runtime and the schema are ready by then
    timers.createSingleActionTimer(2000, new TimerConfig(null, false));
  }

  @Timeout
  void resume() {
    batches.resumeUnfinished(bootedAt);
  }

  /** Every 15 s: the batches of a gateway that went away are taken over. */
  @Schedule(hour = "*", minute = "*", second = "*/15", persistent = false)
  void takeOver() {
    batches.takeOverFromGone(bootedAt);
  }

  /** Every ten seconds: batches past their completion window expire. */
  @Schedule(hour = "*", minute = "*", second = "*/10", persistent = false)
  void expire() {
    batches.expireDue();
  }
}
