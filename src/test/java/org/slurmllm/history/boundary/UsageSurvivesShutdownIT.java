package org.slurmllm.history.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slurmllm.testing.Access;
import org.slurmllm.testing.Access.Key;
import org.slurmllm.testing.Api;
import org.slurmllm.testing.Api.Reply;
import org.slurmllm.testing.Deployments;
import org.slurmllm.testing.Models;
import org.slurmllm.testing.RemoveNewModels;
import org.slurmllm.testing.ServerProcess;

/**
 * Usage records wait in memory for at most a second; a clean shutdown writes them first. A second
 * server (same database) serves requests and is stopped right after them; every record is there.
 */
@ExtendWith({ArquillianExtension.class, RemoveNewModels.class})
class UsageSurvivesShutdownIT {

  @Deployment(testable = false)
  static WebArchive app() {
    return Deployments.application();
  }

  final Api admin = Api.ofTestServer();

  @Test
  void aCleanShutdownLosesNoUsageRecord() {
    Access access = new Access(admin);
    Key key = access.key(access.tenant("shutdown"), "user");
    String model = Models.serving(admin, "shut", "instant", 8);
    String chat =
        "{\"model\":\""
            + model
            + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":4}";
    assertEquals(200, admin.post("/v1/chat/completions", chat).status(), "serving");

    int requests = 30;
    try (ServerProcess server = new ServerProcess("usage-shutdown-server", 300).start()) {
      Api user = server.api().withKey(key.secret());
      for (int i = 0; i < requests; i++) {
        Reply r = user.post("/v1/chat/completions", chat);
        assertEquals(200, r.status(), r::toString);
      }
      server.stop(); // at once: most records are still waiting for the writer
    }
    Reply usage = admin.get("/api/usage?key=" + key.id());
    assertEquals(
        requests,
        usage.json().getJsonObject("totals").getJsonNumber("requests").longValue(),
        usage::toString);
  }
}
