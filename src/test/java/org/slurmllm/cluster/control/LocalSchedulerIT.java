package org.slurmllm.cluster.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
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

  /** A model server that ignores SIGTERM, as a worker stuck closing its native model did. */
  static final String STUBBORN = "trap '' TERM\nsleep 600 &\nwait";

  LocalScheduler recording(Path records) {
    return new LocalScheduler(2, 0, 4096, SchedulerProducer.jobEnvironment(), records);
  }

  /** The job's script and its server, once the script has started it. */
  static List<ProcessHandle> tree(long pid) {
    ProcessHandle job = ProcessHandle.of(pid).orElseThrow();
    return Eventually.await(
        "the job's server",
        START,
        () -> Stream.concat(Stream.of(job), job.descendants()).toList(),
        t -> t.size() >= 2);
  }

  static void assertGone(ProcessHandle p, String what) {
    try {
      p.onExit().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(what + ": " + p.pid() + " " + e);
    }
  }

  static String record(Path records, String job) {
    return Eventually.await(
        "the record of job " + job,
        START,
        () -> {
          try {
            return Files.readString(records.resolve(job));
          } catch (IOException e) {
            return "";
          }
        },
        r -> !r.isEmpty());
  }

  /**
   * The attack (or accident): the gateway stops, its local model servers ignore SIGTERM and keep
   * their ports, GPUs and memory for good (three were alive 30 minutes after bin/slurm-llm down).
   */
  @Test
  void theLaunchersShutdownEndsAJobThatIgnoresSigtermAndForgetsItsRecord() throws Exception {
    Path records = dir.resolve("records");
    LocalScheduler launcher = recording(records);
    String id = launcher.submit(job(STUBBORN, 0, "local"));
    long pid = Long.parseLong(record(records, id).split(" ")[0]);
    List<ProcessHandle> tree = tree(pid);
    assertEquals(
        "rw-------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(records.resolve(id))));

    launcher.shutdown();

    for (ProcessHandle p : tree) {
      // the JVM reaps its child a moment after it died
      assertGone(p, "alive after the launcher's shutdown returned");
    }
    assertFalse(Files.exists(records.resolve(id)), "the record goes with the job");
  }

  /**
   * The gateway was killed (no shutdown at all): bin/slurm-llm down stops the job from its record,
   * SIGTERM then SIGKILL, by process id; a record whose pid now belongs to another process (here
   * this test's own JVM, with a start time that is not its) is left alone.
   */
  @Test
  void downStopsWhatAKilledGatewayLeftAndNoRecycledPid() throws Exception {
    Path run = dir.resolve("run");
    Path records = run.resolve("local-jobs");
    LocalScheduler killed = recording(records);
    try {
      String id = killed.submit(job(STUBBORN, 0, "local"));
      long pid = Long.parseLong(record(records, id).split(" ")[0]);
      List<ProcessHandle> tree = tree(pid);
      long me = ProcessHandle.current().pid();
      Files.writeString(records.resolve("999999"), me + " 12345\n");
      Files.createDirectories(run);
      Files.writeString(run.resolve("scheduler"), "local\n"); // no SLURM to look at

      ProcessBuilder down =
          new ProcessBuilder(Path.of("bin", "slurm-llm").toAbsolutePath().toString(), "down")
              .redirectErrorStream(true);
      down.environment().put("SLURMLLM_RUN_DIR", run.toString());
      down.environment().remove("SLURMLLM_LOCAL_JOBS_DIR");
      Process p = down.start();
      String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(p.waitFor(60, TimeUnit.SECONDS), said);
      assertEquals(0, p.exitValue(), said);

      for (ProcessHandle h : tree) {
        assertGone(h, "alive after down (" + said + ")");
      }
      assertTrue(said.contains("ignored SIGTERM: killed"), said);
      assertTrue(ProcessHandle.current().isAlive()); // the recycled pid: we are still here
      try (Stream<Path> left = Files.list(records)) {
        assertEquals(List.of(), left.toList(), "down forgets every record");
      }
    } finally {
      killed.shutdown();
    }
  }

  /** The next launcher on the same directory stops what a killed one left, before it starts any. */
  @Test
  void aNewLauncherStopsWhatTheKilledOneLeft() throws Exception {
    Path records = dir.resolve("again");
    LocalScheduler killed = recording(records);
    try {
      String id = killed.submit(job(STUBBORN, 0, "local"));
      long pid = Long.parseLong(record(records, id).split(" ")[0]);
      List<ProcessHandle> tree = tree(pid);
      LocalScheduler next = recording(records);
      next.shutdown();
      for (ProcessHandle h : tree) {
        assertGone(h, "left running by the killed launcher");
      }
    } finally {
      killed.shutdown();
    }
  }
}
