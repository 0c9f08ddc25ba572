package org.slurmllm.catalog.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slurmllm.testing.Api;
import org.slurmllm.testing.Models;
import org.slurmllm.testing.ServerProcess;

/** Data created before a server restart is there after it: the catalog lives in PostgreSQL. */
// the only gateway on the test database while it runs: see the failsafe executions in pom.xml
@Tag("own-gateway")
class CatalogSurvivesRestartIT {

  @Test
  void modelCreatedBeforeRestartIsThereAfter() {
    String name = Models.uniqueName("durable");
    try (ServerProcess server = new ServerProcess("restart-server", 200).start()) {
      Api api = server.api();
      assertEquals(201, api.post("/api/models", Models.full(name)).status());
      JsonObject before = api.get("/api/models/" + name).json();

      server.stop();
      server.start();

      JsonObject after = api.get("/api/models/" + name).json();
      assertEquals(CatalogApiIT.withoutStatus(before), CatalogApiIT.withoutStatus(after));
      api.delete("/api/models/" + name);
    }
  }
}
