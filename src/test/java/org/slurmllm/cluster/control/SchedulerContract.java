package org.slurmllm.cluster.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.slurmllm.cluster.entity.ClusterState;
import org.slurmllm.cluster.entity.JobRequest;
import org.slurmllm.cluster.entity.JobState;
import org.slurmllm.cluster.entity.JobStatus;
import org.slurmllm.cluster.entity.NamedJob;
import org.slurmllm.cluster.entity.SubmitRejectedException;
import org.slurmllm.testing.Eventually;

/**
 * What every scheduler implementation must do, run against each of them: slurmrestd and the CLI on
 * the real single-node SLURM cluster, and the local launcher.
 */
abstract class SchedulerContract {

  static final Duration START = Duration.ofSeconds(30);

  abstract Scheduler scheduler();

  /** A partition jobs may use, or null for the default. */
  String partition() {
    return null;
  }

  final Path dir =
      Path.of("target", "scheduler-contract", UUID.randomUUID().toString()).toAbsolutePath();

  JobRequest job(String script, int gpus, String partition) {
    return job("slurmllm-contract", script, gpus, partition);
  }

  JobRequest job(String name, String script, int gpus, String partition) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new JobRequest(
        name,
        "#!/bin/bash\n" + script + "\n",
        dir.toString(),
        dir.resolve("job-%j.out").toString(),
        Map.of("SLURMLLM_MARK", "mark-42"),
        partition,
        null,
        null,
        null,
        gpus,
        1,
        128,
        5);
  }

  JobStatus awaitState(String id, Predicate<JobState> wanted) {
    return Eventually.await(
        "in the wanted state",
        START,
        () -> scheduler().status(List.of(id)).get(id),
        s -> wanted.test(s.state()));
  }

  @Test
  void listsItsQueuedAndRunningJobsByTheirNamesPrefix() {
    String mine = "slurmllm.contract" + UUID.randomUUID().toString().substring(0, 8) + ".";
    String other = "slurmllm.other" + UUID.randomUUID().toString().substring(0, 8) + ".";
    String id = scheduler().submit(job(mine + "replica.1", "sleep 60", 0, partition()));
    String foreign = scheduler().submit(job(other + "replica.1", "sleep 60", 0, partition()));
    try {
      List<NamedJob> found = scheduler().activeJobsNamed(mine);
      assertEquals(1, found.size(), found::toString);
      assertEquals(mine + "replica.1", found.get(0).name());
      assertEquals(id, found.get(0).status().jobId());
      assertFalse(found.get(0).status().state().isTerminal());
    } finally {
      scheduler().cancel(id);
      scheduler().cancel(foreign);
    }
    awaitState(id, JobState::isTerminal);
    assertEquals(List.of(), scheduler().activeJobsNamed(mine), "ended jobs are not listed");
  }

  @Test
  void runsAJobWithItsEnvironmentAndOutputFile() throws Exception {
    String id =
        scheduler()
            .submit(
                job(
                    "echo \"mark=$SLURMLLM_MARK job=$SLURM_JOB_ID secret=${SLURMLLM_DB_NAME:-none}\"",
                    0,
                    partition()));
    JobStatus done = awaitState(id, JobState::isTerminal);

    assertEquals(JobState.COMPLETED, done.state(), done::toString);
    String output = Files.readString(dir.resolve("job-" + id + ".out"));
    assertTrue(output.contains("mark=mark-42 job=" + id), output);
    assertTrue(
        output.contains("secret=none"), "the gateway's environment must not leak: " + output);
    assertNotNull(done.startTime());
  }

  @Test
  void aFailingJobIsFailed() {
    String id = scheduler().submit(job("exit 3", 0, partition()));
    JobStatus done = awaitState(id, JobState::isTerminal);
    assertEquals(JobState.FAILED, done.state(), done::toString);
    assertNotNull(done.reason());
  }

  @Test
  void aRunningJobCanBeCancelled() {
    String id = scheduler().submit(job("sleep 300", 0, partition()));
    JobStatus running = awaitState(id, JobState::isActive);
    assertNotNull(running.node());
    assertNotNull(running.endTime(), "a running job's end is its time limit");

    scheduler().cancel(id);
    assertEquals(JobState.CANCELLED, awaitState(id, JobState::isTerminal).state());
    scheduler().cancel(id); // cancelling again is harmless
  }

  @Test
  void gpuJobsSeeTheirDevices() throws Exception {
    String id = scheduler().submit(job("echo gpus=$CUDA_VISIBLE_DEVICES", 1, partition()));
    assertEquals(JobState.COMPLETED, awaitState(id, JobState::isTerminal).state());
    assertTrue(Files.readString(dir.resolve("job-" + id + ".out")).contains("gpus=0"));
  }

  @Test
  void impossibleRequestsAreRejectedWithTheSchedulersReason() {
    SubmitRejectedException tooManyGpus =
        assertThrows(
            SubmitRejectedException.class, () -> scheduler().submit(job("true", 99, partition())));
    assertFalse(tooManyGpus.getMessage().isBlank());
    SubmitRejectedException noPartition =
        assertThrows(
            SubmitRejectedException.class,
            () -> scheduler().submit(job("true", 0, "no-such-partition")));
    assertTrue(
        noPartition.getMessage().toLowerCase().contains("partition"), noPartition::getMessage);
  }

  /** Whether the scheduler can test a job without queueing it (sbatch --test-only). */
  boolean testsJobs() {
    return false;
  }

  @Test
  void aJobItWouldRefuseIsToldWithoutQueueingIt() {
    String name = "slurmllm-contract-test-only";
    assertEquals(Optional.empty(), scheduler().refusal(job(name, "true", 0, partition())));
    Optional<String> refused = scheduler().refusal(job(name, "true", 0, "no-such-partition"));
    if (testsJobs()) {
      assertTrue(refused.orElseThrow().toLowerCase().contains("partition"), refused::toString);
      assertFalse(scheduler().refusal(job(name, "true", 99, partition())).isEmpty(), "99 GPUs");
    } else {
      assertEquals(Optional.empty(), refused, "cannot say: the submission will");
    }
    assertEquals(List.of(), scheduler().activeJobsNamed(name), "nothing was queued");
  }

  @Test
  void unknownJobsAreUnknown() {
    assertEquals(
        JobState.UNKNOWN, scheduler().status(List.of("987654321")).get("987654321").state());
    scheduler().cancel("987654321");
  }

  @Test
  void statusOfSeveralJobsAtOnce() {
    String a = scheduler().submit(job("sleep 60", 0, partition()));
    String b = scheduler().submit(job("true", 0, partition()));
    try {
      Map<String, JobStatus> both = scheduler().status(List.of(a, b, "987654321"));
      assertEquals(3, both.size());
      assertEquals(a, both.get(a).jobId());
      assertEquals(b, both.get(b).jobId());
    } finally {
      scheduler().cancel(a);
    }
  }

  @Test
  void describesPartitionsAndNodes() {
    ClusterState cluster = scheduler().describe();
    assertTrue(cluster.partitions().stream().anyMatch(ClusterState.Partition::isDefault));
    ClusterState.Node node = cluster.nodes().get(0);
    assertTrue(node.cpus() > 0);
    assertTrue(node.gpus() >= 1, "the development cluster has GPUs");
    assertTrue(node.memoryMb() > 0);
  }
}
