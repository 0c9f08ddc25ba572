package org.slurmllm.cluster.boundary;

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

/** /api/cluster and the scheduler's readiness check, from the live development cluster. */
@ExtendWith(ArquillianExtension.class)
class ClusterIT {

  @Deployment(testable = false)
  static WebArchive app() {
    return Deployments.application();
  }

  final Api api = Api.ofTestServer();

  @Test
  void describesPartitionsNodesAndGpus() {
    JsonObject cluster = api.get("/api/cluster").json();
    assertEquals("slurm", cluster.getString("scheduler"));
    JsonObject gpu =
        cluster.getJsonArray("partitions").stream()
            .map(v -> v.asJsonObject())
            .filter(p -> p.getString("name").equals("gpu"))
            .findFirst()
            .orElseThrow();
    assertTrue(gpu.getBoolean("isDefault"));
    assertEquals(4, gpu.getInt("gpus"));
    assertTrue(gpu.getInt("gpusFree") <= 4 && gpu.getInt("cpusFree") <= gpu.getInt("cpus"));
    JsonObject node = cluster.getJsonArray("nodes").getJsonObject(0);
    assertTrue(node.getInt("cpus") > 0 && node.getJsonNumber("memoryMb").longValue() > 0);
  }

  @Test
  void schedulerIsAReadinessCheck() {
    Api management =
        new Api(URI.create("http://127.0.0.1:" + System.getProperty("it.management.port")));
    JsonObject ready = management.get("/health/ready").json();
    JsonObject scheduler =
        ready.getJsonArray("checks").stream()
            .map(v -> v.asJsonObject())
            .filter(c -> c.getString("name").equals("scheduler"))
            .findFirst()
            .orElseThrow();
    assertEquals("UP", scheduler.getString("status"));
    assertEquals("rest", scheduler.getJsonObject("data").getString("kind"));
  }
}
