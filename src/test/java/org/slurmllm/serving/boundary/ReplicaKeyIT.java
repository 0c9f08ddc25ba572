package org.slurmllm.serving.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slurmllm.testing.Api;
import org.slurmllm.testing.Api.Reply;
import org.slurmllm.testing.Deployments;
import org.slurmllm.testing.Models;
import org.slurmllm.testing.RemoveNewModels;
import org.slurmllm.testing.Replicas;

/**
 * A replica's server answers its gateway only: a cluster user who finds its host and port (the
 * replica list shows them to admins) and calls it directly, past keys, tenant rules, limits and the
 * ledger, gets 401; the same request through the gateway is answered.
 */
@ExtendWith({ArquillianExtension.class, RemoveNewModels.class})
class ReplicaKeyIT {

  @Deployment(testable = false)
  static WebArchive app() {
    return Deployments.application();
  }

  final Api api = Api.ofTestServer();

  @Test
  void aDirectCallWithoutTheReplicasKeyIs401AndTheGatewayIsAnswered() throws Exception {
    String name = Models.serving(api, "keyed", "instant", 4);
    JsonObject replica =
        new Replicas(api, name).awaitInState("READY", 1, Duration.ofSeconds(120)).get(0);
    String body =
        "{\"model\":\"%s\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":4}"
            .formatted(name);

    HttpResponse<String> direct =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://" + replica.getString("endpoint") + "/v1/chat/completions"))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + Api.adminKey())
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(401, direct.statusCode(), "even with a gateway key: " + direct.body());

    Reply through = api.post("/v1/chat/completions", body);
    assertEquals(200, through.status(), through::toString);
    assertFalse(
        api.get("/api/models/" + name + "/replicas").body().contains("secret"),
        "the replica's key is never shown");
  }
}
