package org.slurmllm.tribunal.control;

/**
 * The tribunal cannot go on: too few members answered, no judge gave a readable verdict, or its key
 * may spend no more. It ends failed with this message; no stack trace is kept (an outcome, not a
 * bug).
 */
final class CannotGoOn extends RuntimeException {
  CannotGoOn(String message) {
    super(message, null, false, false);
  }
}
