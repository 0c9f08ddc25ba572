package org.slurmllm.bulk.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slurmllm.testing.Api;
import org.slurmllm.testing.Api.Reply;
import org.slurmllm.testing.Batches;
import org.slurmllm.testing.Eventually;
import org.slurmllm.testing.Models;
import org.slurmllm.testing.ServerProcess;

/**
 * A batch outlives a crash of the server: killed while chunk jobs run on SLURM, the server comes
 * back, adopts the jobs it had submitted (none runs twice) and finishes the batch, every request
 * exactly once, in order.
 */
// the only gateway on the test database while it runs: see the failsafe executions in pom.xml
@Tag("own-gateway")
class BatchSurvivesCrashIT {

  @Test
  void aBatchRunningWhenTheServerIsKilledCompletesAfterItsRestartExactlyOnce() {
    try (ServerProcess server = new ServerProcess("batch-crash-server", 200).start()) {
      Api api = server.api();
      String model = Models.uniqueName("crashb");
      Reply created =
          api.post(
              "/api/models",
              """
              {"name":"%s","engine":"sim","engineArgs":["--profile","llama-3.1-70b"],
               "resources":{"gpus":0,"cpus":1,"memoryGb":1,"timeLimitMinutes":30},
               "scaling":{"minReplicas":0,"maxReplicas":1,"targetConcurrency":8,"idleMinutes":10}}"""
                  .formatted(model));
      assertEquals(201, created.status(), created::toString);
      String id = Batches.start(api, model, 40, "k", 60);
      Eventually.await(
          "chunk jobs running",
          Duration.ofSeconds(120),
          () -> chunks(api, id),
          c -> c.stream().anyMatch(x -> x.getString("state").equals("RUNNING")));

      server.kill();
      server.start();

      JsonObject batch =
          Eventually.await(
              "batch done after the restart",
              Duration.ofSeconds(180),
              () -> api.get("/v1/batches/" + id).json(),
              // a server still starting answers an error, which has no status
              b -> List.of("completed", "failed").contains(b.getString("status", "")));
      assertEquals("completed", batch.getString("status"), batch::toString);
      assertEquals(40, batch.getJsonObject("request_counts").getInt("completed"));
      assertEquals(0, batch.getJsonObject("request_counts").getInt("failed"));
      List<String> ids =
          api.get("/v1/files/" + batch.getString("output_file_id") + "/content")
              .body()
              .lines()
              .map(l -> Json.createReader(new StringReader(l)).readObject().getString("custom_id"))
              .toList();
      assertEquals(IntStream.rangeClosed(1, 40).mapToObj(i -> "k-" + i).toList(), ids);
      for (JsonObject c : chunks(api, id)) {
        assertEquals("DONE", c.getString("state"));
        assertEquals(1, c.getInt("attempts"), "a job submitted before the crash was adopted: " + c);
      }
      api.delete("/api/models/" + model);
    }
  }

  static List<JsonObject> chunks(Api api, String id) {
    return api.get("/api/batches/" + id + "/chunks")
        .json()
        .getJsonArray("data")
        .getValuesAs(JsonObject.class);
  }
}
