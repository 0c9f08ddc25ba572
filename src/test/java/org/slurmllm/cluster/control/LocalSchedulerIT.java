package org.slurmllm.cluster.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slurmllm.cluster.entity.JobState;
import org.slurmllm.testing.Eventually;

/** The contract against the local launcher, plus its own queueing of GPU jobs. */
class LocalSchedulerIT extends SchedulerContract {

  final LocalScheduler scheduler =
      new LocalScheduler(2, 1, 4096, SchedulerProducer.jobEnvironment());

  @Override
  Scheduler scheduler() {
    return scheduler;
  }

  @Override
  String partition() {
    return "local";
  }

  @AfterEach
  void stop() {
    scheduler.shutdown();
  }

  @Test
  void aGpuJobWaitsUntilAGpuIsFree() {
    String first = scheduler.submit(job("sleep 30", 1, null));
    String second = scheduler.submit(job("echo second", 1, null));
    awaitState(first, JobState::isActive);
    assertEquals(JobState.PENDING, scheduler.status(List.of(second)).get(second).state());

    scheduler.cancel(first);
    assertEquals(JobState.COMPLETED, awaitState(second, JobState::isTerminal).state());
  }

  @Test
  void endedJobsAreForgottenAfterTheRetentionAsSlurmForgetsThem() {
    AtomicReference<Instant> now = new AtomicReference<>(Instant.now());
    Clock clock =
        new Clock() {
          @Override
          public ZoneId getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            return now.get();
          }
        };
    LocalScheduler forgetful =
        new LocalScheduler(
            2, 0, 4096, SchedulerProducer.jobEnvironment(), clock, Duration.ofMinutes(1));
    try {
      String done = forgetful.submit(job("echo done", 0, "local"));
      Eventually.await(
          "ended",
          START,
          () -> forgetful.status(List.of(done)).get(done).state(),
          JobState::isTerminal);
      now.set(now.get().plusSeconds(30));
      forgetful.submit(job("echo next", 0, "local"));
      assertEquals(JobState.COMPLETED, forgetful.status(List.of(done)).get(done).state(), "kept");
      now.set(now.get().plusSeconds(60));
      forgetful.submit(job("echo later", 0, "local"));
      assertEquals(
          JobState.UNKNOWN, forgetful.status(List.of(done)).get(done).state(), "forgotten");
    } finally {
      forgetful.shutdown();
    }
  }
}
