package org.slurmllm.bulk.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.inject.Inject;
import java.time.Instant;
import org.slurmllm.bulk.control.BatchAdmission;
import org.slurmllm.bulk.control.BatchService;

/**
 * At start, resumes the batches this gateway left unfinished before its restart (once the app is
 * up); while running, takes over those of gateways that went away, starts queued batches where
 * there is room, and expires batches whose completion window has passed.
 */
@Startup
@Singleton
@DependsOn("SchemaMigration")
public class BatchResumer {

  @Inject BatchService batches;
  @Inject BatchAdmission admission;
  @Resource TimerService timers;

  private final Instant bootedAt = Instant.now();

  @PostConstruct
  void schedule() {
    // a moment after start: the schema is migrated before this bean exists (DependsOn); the batch
    // runtime takes jobs only once the deployment is complete
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

  /**
   * Every five seconds: queued batches start where there is room (a batch ending on another gateway
   * frees its tenant's place here too).
   */
  @Schedule(hour = "*", minute = "*", second = "*/5", persistent = false)
  void admit() {
    admission.admit();
  }

  /** Every ten seconds: batches past their completion window expire. */
  @Schedule(hour = "*", minute = "*", second = "*/10", persistent = false)
  void expire() {
    batches.expireDue();
  }
}
