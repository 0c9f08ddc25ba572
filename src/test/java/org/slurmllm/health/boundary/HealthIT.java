package org.slurmllm.health.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.URI;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slurmllm.testing.Api;
import org.slurmllm.testing.Deployments;

/** Liveness and readiness on the management port, with the database check and its data. */
@ExtendWith(ArquillianExtension.class)
class HealthIT {

  @Deployment(testable = false)
  static WebArchive app() {
    return Deployments.application();
  }

  final Api management =
      new Api(URI.create("http://127.0.0.1:" + System.getProperty("it.management.port")));

  @Test
  void readyWithDatabaseCheck() {
    JsonObject ready = management.get("/health/ready").json();
    assertEquals("UP", ready.getString("status"), ready::toString);
    JsonObject database = check(ready, "database");
    assertEquals("UP", database.getString("status"));
    assertEquals(
        System.getProperty("it.db.name"), database.getJsonObject("data").getString("database"));
    assertTrue(Integer.parseInt(database.getJsonObject("data").getString("schemaVersion")) >= 1);
  }

  @Test
  void liveWithServerCheck() {
    JsonObject live = management.get("/health/live").json();
    assertEquals("UP", live.getString("status"));
    assertTrue(check(live, "server").getJsonObject("data").containsKey("uptimeSeconds"));
  }

  @Test
  void databaseIsNotALivenessConcern() {
    JsonObject live = management.get("/health/live").json();
    assertTrue(
        live.getJsonArray("checks").stream()
            .noneMatch(c -> c.asJsonObject().getString("name").equals("database")));
  }

  static JsonObject check(JsonObject health, String name) {
    return health.getJsonArray("checks").stream()
        .map(c -> c.asJsonObject())
        .filter(c -> c.getString("name").equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no check " + name + " in " + health));
  }
}
