package org.slurmllm.routing.control;

import java.time.Duration;

/**
 * A replica that failed {@link #OPEN_AFTER} requests in a row (before the first byte) gets no
 * traffic for {@link #COOL_DOWN}; then one request may try it again (half open). Meanwhile the
 * reconciler's health probes decide whether the replica is replaced. Immutable; pure.
 */
record CircuitBreaker(int failures, long lastFailureNanos) {

  static final int OPEN_AFTER = 3;
  static final Duration COOL_DOWN = Duration.ofSeconds(30);
  static final CircuitBreaker CLOSED = new CircuitBreaker(0, 0);

  CircuitBreaker failed(long nowNanos) {
    return new CircuitBreaker(failures + 1, nowNanos);
  }

  boolean allows(long nowNanos) {
    return failures < OPEN_AFTER || nowNanos - lastFailureNanos > COOL_DOWN.toNanos();
  }
}
