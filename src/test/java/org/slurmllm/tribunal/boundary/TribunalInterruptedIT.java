package org.slurmllm.tribunal.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slurmllm.testing.Api;
import org.slurmllm.testing.Api.Reply;
import org.slurmllm.testing.Eventually;
import org.slurmllm.testing.Models;
import org.slurmllm.testing.ServerProcess;

/** A tribunal running when the server is killed is marked failed at the next start, steps kept. */
// the only gateway on the test database while it runs: see the failsafe executions in pom.xml
@Tag("own-gateway")
class TribunalInterruptedIT {

  @Test
  void aTribunalInterruptedByACrashIsFailedAtTheNextStartWithItsStepsKept() {
    try (ServerProcess server = new ServerProcess("tribunal-crash-server", 200).start()) {
      Api api = server.api();
      String fast = Models.uniqueName("trf");
      String slow = Models.uniqueName("trs");
      for (String[] m : new String[][] {{fast, "instant"}, {slow, "llama-3.1-70b"}}) {
        Reply r =
            api.post(
                "/api/models",
                """
                {"name":"%s","engine":"sim","engineArgs":["--profile","%s"],
                 "resources":{"gpus":0,"cpus":1,"memoryGb":1,"timeLimitMinutes":30},
                 "scaling":{"minReplicas":1,"maxReplicas":1,"targetConcurrency":8,"idleMinutes":10}}"""
                    .formatted(m[0], m[1]));
        assertEquals(201, r.status(), r::toString);
      }
      // round 1: the fast proposer answers at once, the slow one takes about 9 s
      String id =
          api.post(
                  "/api/tribunals",
                  """
                  {"prompt":"Tell a long story.","panel":["%s","%s"],"judges":["%s"],"rounds":3,
                   "quorum":1,"maxTokens":200}"""
                      .formatted(fast, slow, fast))
              .json()
              .getString("id");
      Eventually.await(
          "running",
          Duration.ofSeconds(60),
          () -> api.get("/api/tribunals/" + id).json(),
          t -> t.getString("status").equals("running"));

      server.kill();
      server.start();

      JsonObject t =
          Eventually.await(
              "marked failed",
              Duration.ofSeconds(30),
              () -> api.get("/api/tribunals/" + id).json(),
              x -> x.getString("status").equals("failed"));
      assertTrue(t.getString("error").contains("interrupted"), t::toString);
      assertTrue(t.containsKey("steps"));
      api.delete("/api/models/" + fast);
      api.delete("/api/models/" + slow);
    }
  }
}
