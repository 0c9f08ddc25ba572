package org.slurmllm.health.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

class DatabaseReadinessTest {

  @Test
  void unreachableDatabaseIsDownWithTheReason() {
    DatabaseReadiness check = new DatabaseReadiness();
    check.dataSource =
        (DataSource)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                  throw new SQLException("Connection to 127.0.0.1:5432 refused");
                });

    HealthCheckResponse response = check.call();

    assertEquals(HealthCheckResponse.Status.DOWN, response.getStatus());
    assertEquals("database", response.getName());
    String error = (String) response.getData().orElseThrow().get("error");
    assertTrue(error.contains("refused"), error);
  }
}
