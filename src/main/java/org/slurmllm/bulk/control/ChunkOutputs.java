package org.slurmllm.bulk.control;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A chunk job's answers are its own until the gateway adopts them: each run of a job writes {@code
 * chunk-<k>.out.jsonl.job-<job id>.<restart count>} (the templates append this), and when the job
 * the chunk waits for has COMPLETED, its newest run's file becomes the chunk's output. A copy that
 * kept running on a node cut off from the cluster, while SLURM ran the requeued job elsewhere, or
 * an earlier attempt's job that outlived its replacement, writes a file no one adopts: a chunk's
 * lines are counted once, from the run that SLURM says is the job.
 */
final class ChunkOutputs {

  private ChunkOutputs() {}

  /** The suffix a run of job {@code jobId} appends to the chunk's output path. */
  static String runSuffix(String jobId, int restartCount) {
    return ".job-" + jobId + "." + restartCount;
  }

  /**
   * Makes the newest run of {@code jobId} the chunk's output, and removes every other run's file of
   * the chunk. Whether there was one.
   */
  static boolean adopt(BatchFiles work, int index, String jobId) throws IOException {
    Path output = work.output(index);
    String prefix = output.getFileName() + ".job-" + jobId + ".";
    Optional<Path> newest = Optional.empty();
    int newestRun = -1;
    for (Path run : runs(work, index)) {
      String name = run.getFileName().toString();
      if (!name.startsWith(prefix)) {
        continue;
      }
      try {
        int restart = Integer.parseInt(name.substring(prefix.length()));
        if (restart > newestRun) {
          newestRun = restart;
          newest = Optional.of(run);
        }
      } catch (NumberFormatException e) {
        // a ".partial" of a run still writing: not an answer
      }
    }
    if (newest.isEmpty()) {
      return false;
    }
    Files.move(newest.get(), output, StandardCopyOption.ATOMIC_MOVE);
    for (Path other : runs(work, index)) {
      Files.deleteIfExists(other); // stale runs' answers (and half-written ones): never counted
    }
    return true;
  }

  private static List<Path> runs(BatchFiles work, int index) throws IOException {
    Path output = work.output(index);
    String prefix = output.getFileName() + ".job-";
    try (Stream<Path> files = Files.list(output.getParent())) {
      return new ArrayList<>(
          files.filter(p -> p.getFileName().toString().startsWith(prefix)).toList());
    }
  }
}
