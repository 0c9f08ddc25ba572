package org.slurmllm.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** The database being away is told apart from bugs: the client hears 503 and retries. */
class DatabaseOutageTest {

  @Test
  void aConnectionFailureDeepInTheChainIsAnOutage() {
    RuntimeException failure =
        new RuntimeException(
            "persist", new IllegalStateException(new SQLException("refused", "08001")));
    assertEquals("08001", DatabaseOutage.state(failure));
  }

  @Test
  void aShutdownInProgressCountsAndOtherSqlErrorsDoNot() {
    assertTrue(DatabaseOutage.causes(new SQLException("terminating", "57P01")));
    assertFalse(DatabaseOutage.causes(new SQLException("duplicate key", "23505")));
    assertFalse(DatabaseOutage.causes(new IllegalArgumentException("bug")));
    assertFalse(DatabaseOutage.causes(new SQLException("no state")));
  }
}
