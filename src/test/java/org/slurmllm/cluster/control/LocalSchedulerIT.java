package org.slurmllm.cluster.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slurmllm.cluster.entity.JobState;

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
}
