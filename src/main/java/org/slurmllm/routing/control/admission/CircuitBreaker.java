package org.slurmllm.routing.control.admission;

/**
 * A replica that failed {@link #OPEN_AFTER} requests in a row (before the first byte) is taken out
 * of rotation until its {@code /health} probe passes again ({@link CircuitProbe}); meanwhile the
 * reconciler's own probes decide whether it is replaced. Immutable; pure.
 */
record CircuitBreaker(int failures) {

  static final int OPEN_AFTER = 3;
  static final CircuitBreaker CLOSED = new CircuitBreaker(0);

  CircuitBreaker failed() {
    return new CircuitBreaker(failures + 1);
  }

  boolean open() {
    return failures >= OPEN_AFTER;
  }
}
