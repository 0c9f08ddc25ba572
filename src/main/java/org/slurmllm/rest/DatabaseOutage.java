package org.slurmllm.rest;

import java.sql.SQLException;
import java.util.Set;

/**
 * Whether a failure is the database being away (stopped, restarting, unreachable, no connection to
 * be had), which the client should hear as 503 with a retry, not as an internal error. Recognised
 * anywhere in the cause chain: SQL states of class 08 (connection exception) and 57P (operator
 * intervention: shutdown), and the pool's and Hibernate's wrappers of them.
 */
final class DatabaseOutage {

  private static final Set<String> WRAPPERS =
      Set.of(
          "org.hibernate.exception.JDBCConnectionException",
          "jakarta.resource.ResourceException",
          "jakarta.resource.spi.ResourceAllocationException");

  private DatabaseOutage() {}

  static boolean causes(Throwable failure) {
    return state(failure) != null;
  }

  /** The SQL state or wrapper that shows the outage; null when the failure is something else. */
  static String state(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        String state = sql.getSQLState();
        if (state.startsWith("08") || state.startsWith("57P")) {
          return state;
        }
      }
      if (WRAPPERS.contains(t.getClass().getName())) {
        return t.getClass().getSimpleName();
      }
    }
    return null;
  }
}
