package org.slurmllm.bulk.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slurmllm.testing.Api;
import org.slurmllm.testing.Batches;
import org.slurmllm.testing.Deployments;
import org.slurmllm.testing.Eventually;
import org.slurmllm.testing.Models;
import org.slurmllm.testing.RemoveNewModels;
import org.slurmllm.testing.ServerProcess;

/**
 * A batch for a model that already serves, on a gateway that sends such chunks to the replicas
 * (SLURMLLM_BATCH_LINES_TO_REPLICAS, the default outside the tests): no chunk job is submitted, its
 * lines are answered by the READY replica at the flex tier, each once and in order, and charged.
 */
@ExtendWith({ArquillianExtension.class, RemoveNewModels.class})
class BatchOnReplicasIT {

  @Deployment(testable = false)
  static WebArchive app() {
    return Deployments.application();
  }

  final Api admin = Api.ofTestServer();

  @Test
  void aBatchForAServingModelIsAnsweredByItsReplicasWithoutAJob() throws Exception {
    String model = Models.serving(admin, "rbat", "llama-3.2-1b", 8);
    try (ServerProcess gateway =
        new ServerProcess("lines-to-replicas", 500)
            .withEnvironment("SLURMLLM_BATCH_LINES_TO_REPLICAS", "true")
            .start()) {
      Api api = gateway.api();
      Eventually.await(
          model + " serving for the second gateway",
          Duration.ofSeconds(120),
          () -> api.get("/v1/models/" + model).body(),
          body -> body.contains("\"status\":\"serving\""));
      String id = Batches.start(api, model, 25, "r", 8);
      JsonObject done =
          Eventually.await(
              "the batch ended",
              Duration.ofSeconds(120),
              () -> api.get("/v1/batches/" + id).json(),
              b -> Set.of("completed", "failed").contains(b.getString("status")));
      assertEquals("completed", done.getString("status"), done::toString);
      assertEquals(25, done.getJsonObject("request_counts").getInt("completed"));

      List<JsonObject> lines =
          api.get("/v1/files/" + done.getString("output_file_id") + "/content")
              .body()
              .lines()
              .map(l -> Json.createReader(new StringReader(l)).readObject())
              .toList();
      assertEquals(
          IntStream.rangeClosed(1, 25).mapToObj(i -> "r-" + i).toList(),
          lines.stream().map(l -> l.getString("custom_id")).toList(),
          "each line once, in order");
      JsonObject first = lines.get(0).getJsonObject("response");
      assertEquals(200, first.getInt("status_code"));
      assertEquals("flex", first.getJsonObject("body").getString("service_tier"), first::toString);
      assertTrue(
          first.getJsonObject("body").getJsonObject("usage").getInt("completion_tokens") > 0);

      for (JsonObject chunk :
          api.get("/api/batches/" + id + "/chunks")
              .json()
              .getJsonArray("data")
              .getValuesAs(JsonObject.class)) {
        assertTrue(!chunk.containsKey("jobId") || chunk.isNull("jobId"), "no SLURM job: " + chunk);
        assertEquals(0, chunk.getInt("attempts"), chunk::toString);
        assertEquals("DONE", chunk.getString("state"), chunk::toString);
      }
    }
  }
}
