package org.slurmllm.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** The test servers' database, for tests that must see or disturb what the API does not show. */
public final class TestDatabase {

  public static final String URL =
      "jdbc:postgresql://127.0.0.1:5432/" + System.getProperty("it.db.name", "slurmllm_test");

  private TestDatabase() {}

  public static Connection connect() throws SQLException {
    return DriverManager.getConnection(URL, "slurmllm", "slurmllm");
  }
}
