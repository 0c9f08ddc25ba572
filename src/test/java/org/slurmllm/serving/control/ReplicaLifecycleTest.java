package org.slurmllm.serving.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.slurmllm.cluster.entity.JobState;
import org.slurmllm.cluster.entity.JobStatus;
import org.slurmllm.serving.control.ReplicaLifecycle.Limits;
import org.slurmllm.serving.control.ReplicaLifecycle.Observed;
import org.slurmllm.serving.control.ReplicaLifecycle.Probe;
import org.slurmllm.serving.control.ReplicaLifecycle.Step;
import org.slurmllm.serving.entity.ReplicaState;

class ReplicaLifecycleTest {

  static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
  static final Limits LIMITS =
      new Limits(Duration.ofMinutes(10), 3, Duration.ofMinutes(2), Duration.ofHours(1));

  static JobStatus job(JobState state, String reason) {
    return new JobStatus(
        "42", state, reason, "node1", null, NOW.minusSeconds(60), NOW.plusSeconds(3600));
  }

  static Observed observed(ReplicaState state, JobStatus job, String endpoint, Probe probe) {
    return new Observed(
        state,
        NOW.minusSeconds(60),
        null,
        NOW.plusSeconds(3600),
        0,
        job,
        endpoint,
        probe,
        0,
        NOW.minusSeconds(90));
  }

  static Step next(Observed o) {
    return ReplicaLifecycle.next(o, NOW, LIMITS);
  }

  @Test
  void pendingStaysPendingWhileQueued() {
    assertEquals(
        ReplicaState.PENDING,
        next(observed(
                ReplicaState.PENDING, job(JobState.PENDING, "Resources"), null, Probe.NOT_PROBED))
            .state());
  }

  @Test
  void runningJobMeansStarting() {
    assertEquals(
        ReplicaState.STARTING,
        next(observed(ReplicaState.PENDING, job(JobState.RUNNING, null), null, Probe.NOT_PROBED))
            .state());
  }

  @Test
  void jobEndingBeforeStartIsAFailureWithTheSchedulersReason() {
    Step step =
        next(
            observed(
                ReplicaState.PENDING, job(JobState.CANCELLED, "by admin"), null, Probe.NOT_PROBED));
    assertEquals(ReplicaState.FAILED, step.state());
    assertTrue(
        step.reason().contains("CANCELLED") && step.reason().contains("by admin"), step.reason());
    assertFalse(step.cancelJob());
  }

  @Test
  void startingBecomesReadyOnceTheProbePasses() {
    assertEquals(
        ReplicaState.STARTING,
        next(observed(ReplicaState.STARTING, job(JobState.RUNNING, null), null, Probe.NOT_PROBED))
            .state());
    assertEquals(
        ReplicaState.STARTING,
        next(observed(ReplicaState.STARTING, job(JobState.RUNNING, null), "n:1", Probe.UNHEALTHY))
            .state());
    assertEquals(
        ReplicaState.READY,
        next(observed(ReplicaState.STARTING, job(JobState.RUNNING, null), "n:1", Probe.HEALTHY))
            .state());
  }

  @Test
  void startTimeoutFailsAndCancels() {
    Observed late =
        new Observed(
            ReplicaState.STARTING,
            NOW.minus(Duration.ofMinutes(11)),
            null,
            null,
            0,
            job(JobState.RUNNING, null),
            "n:1",
            Probe.UNHEALTHY,
            0,
            null);
    Step step = next(late);
    assertEquals(ReplicaState.FAILED, step.state());
    assertTrue(step.cancelJob());
    assertTrue(step.reason().contains("start timeout"));
  }

  @Test
  void readyCountsProbeFailuresAndFailsAtTheLimit() {
    Observed once =
        observed(ReplicaState.READY, job(JobState.RUNNING, null), "n:1", Probe.UNHEALTHY);
    Step first = next(once);
    assertEquals(ReplicaState.READY, first.state());
    assertEquals(1, first.probeFailures());
    Observed third =
        new Observed(
            ReplicaState.READY,
            NOW,
            null,
            null,
            2,
            job(JobState.RUNNING, null),
            "n:1",
            Probe.UNHEALTHY,
            0,
            null);
    Step failed = next(third);
    assertEquals(ReplicaState.FAILED, failed.state());
    assertTrue(failed.cancelJob());
  }

  @Test
  void aPassingProbeResetsTheCount() {
    Observed o =
        new Observed(
            ReplicaState.READY,
            NOW,
            null,
            null,
            2,
            job(JobState.RUNNING, null),
            "n:1",
            Probe.HEALTHY,
            0,
            null);
    assertEquals(0, next(o).probeFailures());
    Observed notProbed =
        new Observed(
            ReplicaState.READY,
            NOW,
            null,
            null,
            2,
            job(JobState.RUNNING, null),
            "n:1",
            Probe.NOT_PROBED,
            0,
            null);
    assertEquals(ReplicaState.READY, next(notProbed).state());
    assertEquals(2, next(notProbed).probeFailures(), "no outcome this pass: the count stands");
  }

  @Test
  void readyJobCancelledFromOutsideIsAFailure() {
    Step step =
        next(observed(ReplicaState.READY, job(JobState.CANCELLED, null), "n:1", Probe.NOT_PROBED));
    assertEquals(ReplicaState.FAILED, step.state());
  }

  @Test
  void readyJobEndingAtItsWalltimeIsStoppedNotFailed() {
    assertEquals(
        ReplicaState.STOPPED,
        next(observed(ReplicaState.READY, job(JobState.TIMEOUT, null), "n:1", Probe.NOT_PROBED))
            .state());
    Observed atLimit =
        new Observed(
            ReplicaState.READY,
            NOW,
            null,
            NOW.minusSeconds(1),
            0,
            job(JobState.CANCELLED, null),
            "n:1",
            Probe.NOT_PROBED,
            0,
            null);
    assertEquals(ReplicaState.STOPPED, next(atLimit).state());
  }

  @Test
  void drainingCancelsWhenIdleOrAfterTheDrainTimeout() {
    Observed busy =
        new Observed(
            ReplicaState.DRAINING,
            NOW,
            NOW.minusSeconds(10),
            null,
            0,
            job(JobState.RUNNING, null),
            "n:1",
            Probe.NOT_PROBED,
            3,
            null);
    assertFalse(next(busy).cancelJob());
    Observed idle =
        new Observed(
            ReplicaState.DRAINING,
            NOW,
            NOW.minusSeconds(10),
            null,
            0,
            job(JobState.RUNNING, null),
            "n:1",
            Probe.NOT_PROBED,
            0,
            null);
    assertTrue(next(idle).cancelJob());
    Observed tooLong =
        new Observed(
            ReplicaState.DRAINING,
            NOW,
            NOW.minus(Duration.ofMinutes(3)),
            null,
            0,
            job(JobState.RUNNING, null),
            "n:1",
            Probe.NOT_PROBED,
            3,
            null);
    assertTrue(next(tooLong).cancelJob());
    Observed ended =
        new Observed(
            ReplicaState.DRAINING,
            NOW,
            NOW,
            null,
            0,
            job(JobState.CANCELLED, null),
            "n:1",
            Probe.NOT_PROBED,
            0,
            null);
    assertEquals(ReplicaState.STOPPED, next(ended).state());
  }

  @Test
  void endedReplicasStayEnded() {
    for (ReplicaState s : new ReplicaState[] {ReplicaState.STOPPED, ReplicaState.FAILED}) {
      assertEquals(s, next(observed(s, job(JobState.RUNNING, null), "n:1", Probe.HEALTHY)).state());
    }
  }

  @Test
  void aReasonThatCannotClearByWaitingFailsTheReplicaAndCancelsItsJob() {
    Step step =
        next(
            observed(
                ReplicaState.PENDING,
                job(JobState.PENDING, "PartitionTimeLimit"),
                null,
                Probe.NOT_PROBED));
    assertEquals(ReplicaState.FAILED, step.state());
    assertTrue(step.cancelJob());
    assertEquals("SLURM will not start the job: PartitionTimeLimit", step.reason());
  }

  @Test
  void aQueueLongerThanThePendingTimeoutFailsWithTheLastReason() {
    Observed queued =
        new Observed(
            ReplicaState.PENDING,
            null,
            null,
            null,
            0,
            job(JobState.PENDING, "Priority"),
            null,
            Probe.NOT_PROBED,
            0,
            NOW.minus(Duration.ofMinutes(61)));
    Step step = next(queued);
    assertEquals(ReplicaState.FAILED, step.state());
    assertTrue(step.cancelJob());
    assertEquals("queued for more than 3600 s (SLURM: Priority)", step.reason());
    assertEquals(
        ReplicaState.PENDING,
        next(observed(
                ReplicaState.PENDING, job(JobState.PENDING, "Priority"), null, Probe.NOT_PROBED))
            .state(),
        "a shorter wait goes on");
  }
}
