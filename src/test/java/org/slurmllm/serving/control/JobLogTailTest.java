package org.slurmllm.serving.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobLogTailTest {

  @Test
  void theLastNonBlankLineIsTheReason(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("r.log");
    Files.writeString(
        log,
        "x".repeat(10_000) + "\nloading\nworker: cannot start: no weights file at /m.gguf\n\n");
    assertEquals("worker: cannot start: no weights file at /m.gguf", JobLogTail.lastLine(log));
  }

  @Test
  void longLinesAreCutAndMissingLogsSayNothing(@TempDir Path dir) throws Exception {
    assertEquals(JobLogTail.MAX_CHARS, JobLogTail.lastLine("y".repeat(5000)).length());
    assertNull(JobLogTail.lastLine(dir.resolve("none.log")));
    assertNull(JobLogTail.lastLine(Files.writeString(dir.resolve("empty.log"), "\n \n")));
  }

  @Test
  void srunsTeardownAfterTheHeadsLastWordsIsPassedOver() {
    String log =
        "INFO: worker serving m (sim) on node1:4500\n"
            + "slurm-llm worker: shard 1 at node3:36429 stopped answering; the replica ends\n"
            + "srun: Job step aborted: Waiting up to 7 seconds for job step to finish.\n"
            + "slurmstepd-node1: error: *** STEP 40.0 ON node1 FAILED ***\n"
            + "srun: error: node1: task 0: Exited with exit code 143\n";
    assertEquals(
        "slurm-llm worker: shard 1 at node3:36429 stopped answering; the replica ends",
        JobLogTail.lastLine(log));
    assertEquals(
        "slurmstepd-vm: error: *** JOB 154 ON vm CANCELLED AT 2026-12-07T21:50:58 ***",
        JobLogTail.lastLine(
            "INFO: serving\nslurmstepd-vm: error: *** JOB 154 ON vm CANCELLED AT"
                + " 2026-12-07T21:50:58 ***\n"),
        "a job's end is said, a step's is not");
    assertEquals(
        "srun: error: Unable to create step for job 7",
        JobLogTail.lastLine("srun: error: Unable to create step for job 7\n"),
        "srun's own words when there are no others");
  }
}
