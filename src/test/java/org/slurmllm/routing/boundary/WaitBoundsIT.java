package org.slurmllm.routing.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slurmllm.testing.Api;
import org.slurmllm.testing.Deployments;
import org.slurmllm.testing.Eventually;
import org.slurmllm.testing.Models;
import org.slurmllm.testing.RemoveNewModels;
import org.slurmllm.testing.ServerProcess;

/**
 * Every wait ends in an answer before the HTTP listener's read timeout closes the connection with
 * none (WildFly's 90 s cut requests waiting for a replica). Here the bounds in seconds, not
 * minutes: a read timeout of 4 s, a cold start of 1 s, an answer of 2 s. The cold model takes 20 s
 * to load, so that its 503 does not hang on how fast the machine starts a JVM.
 */
@ExtendWith({ArquillianExtension.class, RemoveNewModels.class})
class WaitBoundsIT {

  @Deployment(testable = false)
  static WebArchive app() {
    return Deployments.application();
  }

  static final HttpClient HTTP_1_1 =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  static final String CHAT =
      """
      {"model":"%s","messages":[{"role":"user","content":"Tell a long story."}],"max_tokens":%d}""";

  @Test
  void aWaitLongerThanTheGatewaysBoundsIsAnsweredBeforeTheReadTimeoutClosesTheConnection() {
    Api admin = Api.ofTestServer();
    // the 70B profile: 45 ms a token, so 150 tokens take about 7 s
    String slow = Models.serving(admin, "slow", "llama-3.1-70b", 4);
    String cold = Models.uniqueName("cold");
    assertEquals(
        201,
        admin
            .post(
                "/api/models",
                """
                {"name":"%s","engine":"sim","engineArgs":["--load-seconds","20"],
                 "resources":{"cpus":1,"memoryGb":1,"timeLimitMinutes":30},
                 "scaling":{"minReplicas":0,"maxReplicas":1}}"""
                    .formatted(cold))
            .status());
    try (ServerProcess server =
        new ServerProcess("wait-bounds-server", 400)
            .withEnvironment("SLURMLLM_HTTP_READ_TIMEOUT_MS", "4000")
            .withEnvironment("SLURMLLM_COLD_START_TIMEOUT_SECONDS", "1")
            .withEnvironment("SLURMLLM_UPSTREAM_TIMEOUT_SECONDS", "2")
            .start()) {
      URI base = URI.create("http://127.0.0.1:" + server.api().port());
      Eventually.await(
          "the slow model serves through the second gateway",
          Duration.ofSeconds(90),
          () -> post(base, CHAT.formatted(slow, 1)),
          r -> r.statusCode() == 200);

      long start = System.nanoTime();
      HttpResponse<String> tooSlow = post(base, CHAT.formatted(slow, 150));
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertEquals(504, tooSlow.statusCode(), tooSlow::body);
      assertTrue(tooSlow.body().contains("\"error\""), tooSlow::body);
      assertTrue(millis < 4000, "answered before the read timeout: " + millis + " ms");

      HttpResponse<String> noReplicaYet = post(base, CHAT.formatted(cold, 4));
      assertEquals(503, noReplicaYet.statusCode(), noReplicaYet::body);
      assertNotNull(noReplicaYet.headers().firstValue("Retry-After").orElse(null));
    }
  }

  static HttpResponse<String> post(URI base, String json) {
    try {
      return HTTP_1_1.send(
          HttpRequest.newBuilder(base.resolve("/v1/chat/completions"))
              .header("Authorization", "Bearer " + Api.adminKey())
              .header("Content-Type", "application/json")
              .timeout(Duration.ofSeconds(60))
              .POST(BodyPublishers.ofString(json))
              .build(),
          BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
