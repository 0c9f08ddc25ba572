package org.slurmllm.health.boundary;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.slurmllm.database.SchemaMigration;

/** Ready only while PostgreSQL answers a query within a second; says why not when it does not. */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements HealthCheck {

  @Resource(lookup = "java:jboss/datasources/SlurmLlmDS")
  DataSource dataSource;

  @Inject SchemaMigration schema;

  @Override
  public HealthCheckResponse call() {
    HealthCheckResponseBuilder response = HealthCheckResponse.named("database");
    long start = System.nanoTime();
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.setQueryTimeout(1);
      try (ResultSet r = s.executeQuery("select current_database()")) {
        r.next();
        response.withData("database", r.getString(1));
      }
      return response
          .up()
          .withData("schemaVersion", schema.version())
          .withData("latencyMicros", (System.nanoTime() - start) / 1000)
          .build();
    } catch (SQLException | RuntimeException e) {
      return response
          .down()
          .withData("error", e.getClass().getSimpleName() + ": " + e.getMessage())
          .build();
    }
  }
}
