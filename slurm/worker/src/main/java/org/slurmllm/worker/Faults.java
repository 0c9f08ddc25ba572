package org.slurmllm.worker;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Failures the sim engine injects on purpose, for fault-tolerance tests: a share of requests that
 * fail with an engine error, a crash once the process has served a number of requests, and a crash
 * that happens once among all replicas sharing a marker file (one replica fails, the others do not:
 * what a retry needs to be tested deterministically), and a stall: after a number of requests, the
 * first token of an answer and then silence, the process alive (what an idle timeout is for).
 */
record Faults(double errorRate, long crashAfter, Path crashOnce, long stallAfter) {

  static final Faults NONE = new Faults(0, 0, null, -1);

  Faults(double errorRate, long crashAfter, Path crashOnce) {
    this(errorRate, crashAfter, crashOnce, -1);
  }

  /**
   * Whether the request numbered {@code served} (from 1) stalls after its first token: every one
   * after the {@code stallAfter}-th (0: all of them; negative: none).
   */
  boolean stallsAt(long served) {
    return stallAfter >= 0 && served > stallAfter;
  }

  /** Whether the request numbered {@code served} (from 1) is the one to crash on. */
  boolean crashesAt(long served) {
    if (crashAfter > 0 && served > crashAfter) {
      return true;
    }
    if (crashOnce == null) {
      return false;
    }
    try {
      Files.createFile(crashOnce); // atomic: exactly one process wins
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } catch (IOException e) {
      return false;
    }
  }
}
