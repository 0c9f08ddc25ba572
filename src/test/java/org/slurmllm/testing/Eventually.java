package org.slurmllm.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Waits for a condition that becomes true asynchronously (a job starts, a replica is READY). */
public final class Eventually {

  private Eventually() {}

  public static <T> T await(String what, Duration timeout, Supplier<T> value, Predicate<T> done) {
    Instant deadline = Instant.now().plus(timeout);
    T last = value.get();
    while (!done.test(last)) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("not " + what + " within " + timeout + "; last: " + last);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
      last = value.get();
    }
    return last;
  }
}
