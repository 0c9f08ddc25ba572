package org.slurmllm.bulk.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChunkOutputsTest {

  @TempDir Path dir;

  Path run(BatchFiles work, String jobId, int restart, String content) throws Exception {
    Path p =
        work.output(2)
            .resolveSibling(work.output(2).getFileName() + ChunkOutputs.runSuffix(jobId, restart));
    Files.writeString(p, content);
    return p;
  }

  @Test
  void theNewestRunOfTheJobBecomesTheOutputAndStaleRunsAreNeverCounted() throws Exception {
    BatchFiles work = new BatchFiles(dir);
    run(work, "41", 0, "an earlier attempt's job, finished after its replacement\n");
    run(work, "42", 0, "the copy left running on a node that was cut off\n");
    run(work, "42", 1, "the requeued run SLURM says is the job\n");
    Files.writeString(
        work.output(2).resolveSibling(work.output(2).getFileName() + ".job-42.2.partial"), "half");
    assertTrue(ChunkOutputs.adopt(work, 2, "42"));
    assertEquals("the requeued run SLURM says is the job\n", Files.readString(work.output(2)));
    try (Stream<Path> left = Files.list(dir)) {
      assertEquals(1, left.count(), "every other run's file removed");
    }
  }

  @Test
  void noRunOfTheJobNoOutput() throws Exception {
    BatchFiles work = new BatchFiles(dir);
    run(work, "41", 0, "another job's\n");
    assertFalse(ChunkOutputs.adopt(work, 2, "42"));
    assertFalse(Files.exists(work.output(2)));
    assertFalse(ChunkOutputs.adopt(work, 2, "4"), "job 4 is not job 41");
  }
}
