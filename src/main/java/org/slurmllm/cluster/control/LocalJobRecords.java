package org.slurmllm.cluster.control;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The local launcher's jobs on disk: one file per running job, {@code <pid> <start>} (the start
 * time in clock ticks since boot, field 22 of {@code /proc/<pid>/stat}). Each job runs as the
 * leader of a process group of its own, so its model server goes with it even when the job script
 * has died. What a gateway that was killed (or a server that ignored SIGTERM) leaves running is
 * stopped from these files by {@code bin/slurm-llm down} and by the next launcher on the same
 * directory; the start time keeps a pid that the system has handed to another process since from
 * being signalled.
 */
final class LocalJobRecords {

  private static final Logger LOG = Logger.getLogger(LocalJobRecords.class.getName());

  private final Path dir;

  LocalJobRecords(Path dir) {
    this.dir = dir;
  }

  /** Writes the job's record (the directory 0700, the file 0600: they name processes to end). */
  void record(String jobId, long pid) {
    Optional<String> start = startTicks(pid);
    if (start.isEmpty()) {
      return; // not Linux, or gone already: nothing to stop later
    }
    try {
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(
            dir,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      }
      Path tmp = dir.resolve("." + jobId);
      Files.deleteIfExists(tmp);
      Files.createFile(
          tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(tmp, pid + " " + start.get() + "\n");
      Files.move(tmp, dir.resolve(jobId), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | UnsupportedOperationException e) {
      LOG.log(
          Level.WARNING,
          "local job {0} (pid {1}) not recorded in {2}: bin/slurm-llm down cannot stop it: {3}",
          new Object[] {jobId, pid, dir, e.toString()});
    }
  }

  void forget(String jobId) {
    try {
      Files.deleteIfExists(dir.resolve(jobId));
    } catch (IOException e) {
      LOG.log(Level.FINE, "local job record {0} stays: {1}", new Object[] {jobId, e});
    }
  }

  /**
   * Stops the recorded jobs that still run (their process groups: TERM, then KILL after the grace
   * period) and forgets every record: at a launcher's start these are the jobs of one that died.
   */
  void stopLeftovers(Duration grace) {
    if (!Files.isDirectory(dir)) {
      return;
    }
    List<Long> alive = new ArrayList<>();
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> records = Files.newDirectoryStream(dir)) {
      for (Path f : records) {
        files.add(f);
        String[] line = Files.readString(f).trim().split(" ");
        if (line.length == 2 && isRecorded(Long.parseLong(line[0]), line[1])) {
          alive.add(Long.parseLong(line[0]));
        }
      }
    } catch (IOException | NumberFormatException e) {
      LOG.log(
          Level.WARNING, "cannot read the local job records in {0}: {1}", new Object[] {dir, e});
    }
    if (!alive.isEmpty()) {
      LOG.warning(() -> "stopping local jobs an earlier launcher left running: processes " + alive);
      alive.forEach(pid -> signalGroup(pid, "TERM"));
      long deadline = System.nanoTime() + grace.toNanos();
      for (long pid : alive) {
        ProcessHandle.of(pid)
            .ifPresent(
                p ->
                    p.onExit()
                        .completeOnTimeout(
                            p, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)
                        .join());
      }
      alive.forEach(pid -> signalGroup(pid, "KILL"));
      LOG.info(() -> "local jobs of an earlier launcher stopped: processes " + alive);
    }
    for (Path f : files) {
      try {
        Files.deleteIfExists(f);
      } catch (IOException e) {
        LOG.log(Level.FINE, "record {0} stays: {1}", new Object[] {f, e});
      }
    }
  }

  /** Whether the pid is still the recorded process (the same start), not a recycled number. */
  static boolean isRecorded(long pid, String start) {
    return startTicks(pid).map(start::equals).orElse(false);
  }

  /** Field 22 of /proc/PID/stat (after the command name, which may hold spaces and parentheses). */
  static Optional<String> startTicks(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Optional.of(after[19]);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Signals the job's whole process group (the job runs under setsid: its pid is the group's). */
  static void signalGroup(long pid, String signal) {
    try {
      new ProcessBuilder("kill", "-s", signal, "--", "-" + pid)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start()
          .waitFor(5, TimeUnit.SECONDS);
    } catch (IOException e) {
      ProcessHandle.of(pid)
          .ifPresent(
              signal.equals("KILL") ? ProcessHandle::destroyForcibly : ProcessHandle::destroy);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
