package org.slurmllm.cluster.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.slurmllm.cluster.entity.JobRequest;
import org.slurmllm.cluster.entity.JobState;
import org.slurmllm.cluster.entity.JobStatus;
import org.slurmllm.cluster.entity.NamedJob;

/**
 * The attack of a shared cluster: another user submits a job named like one of the gateway's (names
 * are in squeue for all to see), hoping to have it adopted as a chunk's, or to have the gateway
 * cancel its own. The other user is {@code slurmllm-other}, made by {@code slurm/dev-cluster/start}
 * on both development clusters; it submits through slurmrestd with a token signed for it.
 */
final class ForeignJobs {

  static final String USER = System.getProperty("it.slurm.other.user", "slurmllm-other");

  private ForeignJobs() {}

  /** A scheduler acting as the other user, in the given version (null: the server's newest). */
  static SlurmRestScheduler otherUser(URI rest, Path jwtKey, RestFormat format) {
    return new SlurmRestScheduler(
        rest,
        new SlurmJwt(jwtKey, USER, Clock.systemUTC()),
        false,
        SchedulerProducer.jobEnvironment(),
        format);
  }

  /**
   * The other user's job of a chunk's name is neither listed (adopted), read, nor cancelled by the
   * gateway's scheduler, which lists and cancels its own job of the same name as ever.
   */
  static void areNotOurs(SchedulerContract contract, Scheduler theirs) throws InterruptedException {
    Scheduler ours = contract.scheduler();
    String name = "slurmllm.it" + System.nanoTime() + ".chunk.b1.0.";
    // somewhere the other user may work: it cannot write in the test's directory
    String foreign =
        theirs.submit(
            new JobRequest(
                name + "1",
                "#!/bin/bash\nsleep 120\n",
                "/tmp",
                "/dev/null",
                Map.of(),
                null,
                null,
                null,
                null,
                0,
                1,
                128,
                5));
    String own = null;
    try {
      own = ours.submit(contract.job(name + "2", "sleep 120", 0, contract.partition()));
      assertEquals(List.of(own), ids(ours.activeJobsNamed(name)), "only our own job is listed");
      assertEquals(List.of(foreign), ids(theirs.activeJobsNamed(name)), "theirs is there");
      if (ours instanceof SlurmRestScheduler) {
        // the CLI's status (squeue -j, sacct -c) still reads any user's job by its id
        assertEquals(JobState.UNKNOWN, ours.status(List.of(foreign)).get(foreign).state());
      }

      ours.cancel(foreign);
      ours.cancel(own);
      contract.awaitState(own, JobState::isTerminal);
      // a cancelled job may show as running for a moment (22.05 did): time for theirs to end too
      Thread.sleep(2000);
      JobStatus after = theirs.status(List.of(foreign)).get(foreign);
      assertFalse(after.state().isTerminal(), "their job was not cancelled: " + after);
    } finally {
      theirs.cancel(foreign);
      if (own != null) {
        ours.cancel(own);
      }
    }
  }

  private static List<String> ids(List<NamedJob> jobs) {
    return jobs.stream().map(j -> j.status().jobId()).toList();
  }
}
