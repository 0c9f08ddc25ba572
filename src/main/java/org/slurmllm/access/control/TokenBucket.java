package org.slurmllm.access.control;

/**
 * A per-minute allowance that refills continuously: a bucket of {@code perMinute} that regains
 * {@code perMinute / 60} a second. Requests take one at admission; tokens are charged after the
 * answer (their count is known only then), so the level may go below zero and then refuses until it
 * has refilled. Times are passed in (nanoseconds), so the rule is tested without a clock.
 */
public final class TokenBucket {

  private static final double NANOS_PER_MINUTE = 60e9;

  private final double capacity;
  private double level;
  private long updatedAt;

  public TokenBucket(long perMinute, long now) {
    this.capacity = perMinute;
    this.level = perMinute;
    this.updatedAt = now;
  }

  public long perMinute() {
    return (long) capacity;
  }

  /** Takes {@code amount} if at least that much is there; else nothing, and the wait (nanos). */
  public synchronized long tryTake(double amount, long now) {
    refill(now);
    if (level >= amount) {
      level -= amount;
      return 0;
    }
    return nanosUntil(amount, now);
  }

  /** Whether anything is left (for tokens: a request may start while the level is positive). */
  public synchronized long waitUntilPositive(long now) {
    refill(now);
    return level > 0 ? 0 : (long) Math.ceil(-level * rate()) + 1;
  }

  /** Charges what was used; may go below zero. */
  public synchronized void charge(double amount, long now) {
    refill(now);
    level -= amount;
  }

  private void refill(long now) {
    if (now > updatedAt) {
      level = Math.min(capacity, level + (now - updatedAt) / rate());
      updatedAt = now;
    }
  }

  /** Nanoseconds per unit regained. */
  private double rate() {
    return NANOS_PER_MINUTE / capacity;
  }

  private long nanosUntil(double amount, long now) {
    return (long) Math.ceil((amount - level) * rate());
  }
}
