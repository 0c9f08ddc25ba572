package org.slurmllm.serving.control;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * When to stop submitting replicas of a model whose replicas keep failing: after {@code threshold}
 * failures in a row (none READY in between), wait {@code base}, doubling with each further failure
 * up to {@code max}. A failure the cluster refused (the job as asked cannot run: a partition that
 * does not exist, more GPUs than any node has) backs off at once: submitting the same job again
 * only meets the same answer. A pure function of the model's replica history.
 */
public final class Backoff {

  private Backoff() {}

  /**
   * One replica of the history, newest first: whether it failed, whether it was ever READY, and
   * when it ended. Replicas still on their way are skipped, so a model that keeps a replacement in
   * flight after every failure still backs off.
   *
   * @param refused whether the cluster refused its job as asked (it failed; the same job would too)
   */
  public record Attempt(boolean failed, boolean everReady, Instant endedAt, boolean refused) {

    public Attempt(boolean failed, boolean everReady, Instant endedAt) {
      this(failed, everReady, endedAt, false);
    }
  }

  /** Settings: failures before backing off, first wait, longest wait. */
  public record Rule(int threshold, Duration base, Duration max) {}

  /** Until when not to submit, or empty if submitting is fine. */
  public static Optional<Instant> until(List<Attempt> newestFirst, Rule rule) {
    int failures = 0;
    boolean refused = false;
    Instant lastFailure = null;
    for (Attempt a : newestFirst) {
      if (a.everReady()) {
        break; // it served: the model works, the streak is over
      }
      if (!a.failed()) {
        continue; // still queued or starting: it neither breaks nor extends the streak
      }
      failures++;
      refused |= a.refused();
      if (lastFailure == null) {
        lastFailure = a.endedAt();
      }
    }
    if (refused) {
      // the first refusal counts as the threshold reached, each further one doubles the wait
      failures += rule.threshold() - 1;
    }
    if (failures < rule.threshold() || lastFailure == null) {
      return Optional.empty();
    }
    int doublings = Math.min(20, failures - rule.threshold());
    Duration wait = rule.base().multipliedBy(1L << doublings);
    if (wait.compareTo(rule.max()) > 0) {
      wait = rule.max();
    }
    return Optional.of(lastFailure.plus(wait));
  }
}
