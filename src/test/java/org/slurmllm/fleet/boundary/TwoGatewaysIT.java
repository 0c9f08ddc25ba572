package org.slurmllm.fleet.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slurmllm.testing.Access;
import org.slurmllm.testing.Api;
import org.slurmllm.testing.Api.Reply;
import org.slurmllm.testing.Batches;
import org.slurmllm.testing.Deployments;
import org.slurmllm.testing.Eventually;
import org.slurmllm.testing.Models;
import org.slurmllm.testing.RemoveNewModels;
import org.slurmllm.testing.ServerProcess;
import org.slurmllm.testing.TestDatabase;

/**
 * Two gateways on one database and one cluster: the test server (A) and a second server (B). B's
 * start leaves A's running tribunal alone (it used to fail every running tribunal); when B is
 * paused (SIGSTOP, as a stalled machine) past the heartbeats' bound, A takes over B's batch and
 * completes it, every line once, and fails B's tribunal, saying which gateway stopped; once B runs
 * again it is fenced: it writes nothing into either. (A gateway whose clock is off: FleetTest; a
 * WildFly under libfaketime took over three minutes to start here.)
 */
@ExtendWith({ArquillianExtension.class, RemoveNewModels.class})
class TwoGatewaysIT {

  @Deployment(testable = false)
  static WebArchive app() {
    return Deployments.application();
  }

  final Api a = Api.ofTestServer();

  static int steps(String tribunal) {
    try (var db = TestDatabase.connect();
        var q =
            db.prepareStatement("select count(*) from app.tribunal_steps where tribunal_id = ?")) {
      q.setString(1, tribunal);
      try (var rs = q.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** About 20 s a round with the slow profile: still running when the other gateway is up. */
  String tribunal(Api api, String panel, String judge) {
    Reply r =
        api.post(
            "/api/tribunals",
            """
            {"prompt":"Tell a long story.","panel":["%s"],"judges":["%s"],"rounds":3,"quorum":1,
             "maxTokens":300}"""
                .formatted(panel, judge));
    assertEquals(202, r.status(), r::toString);
    return r.json().getString("id");
  }

  JsonObject awaitStatus(Api api, String id, List<String> statuses, Duration timeout) {
    return Eventually.await(
        "tribunal " + id + " " + statuses,
        timeout,
        () -> api.get("/api/tribunals/" + id).json(),
        t -> statuses.contains(t.getString("status")));
  }

  @Test
  void aKilledGatewaysWorkIsTakenOverAndALivingOnesIsLeftAlone() throws Exception {
    String slow = Models.serving(a, "gws", "llama-3.1-70b", 8);
    String judge = Models.serving(a, "gwj", "instant", 8);
    String batchModel = Models.serving(a, "gwb", "llama-3.1-70b", 8);
    Eventually.await(
        "the models serving",
        Duration.ofSeconds(120),
        () -> a.get("/v1/models").body(),
        body -> body.split("\"status\":\"serving\"").length > 3);

    String onA = tribunal(a, slow, judge);
    awaitStatus(a, onA, List.of("running"), Duration.ofSeconds(30));

    try (ServerProcess b = new ServerProcess("second-gateway", 300).start()) {
      Api apiB = b.api();
      String afterStart = a.get("/api/tribunals/" + onA).json().getString("status");
      assertTrue(
          List.of("running", "completed").contains(afterStart),
          "B's start left A's tribunal alone: " + afterStart);

      // a key's rate holds for both gateways together: 4 a minute, requests alternating A, B
      Access access = new Access(a);
      Access.Key limited = access.key(access.tenant("gw"), "user", "\"requestsPerMinute\":4");
      // a heartbeat (every 5 s) then a key reload (every 5 s) later, both count each other
      Thread.sleep(12000);
      int accepted = 0;
      for (int i = 0; i < 8; i++) {
        Api via = (i % 2 == 0 ? a : apiB).withKey(limited.secret());
        accepted += via.get("/v1/models").status() == 200 ? 1 : 0;
      }
      assertEquals(4, accepted, "4 requests a minute across both gateways, not 4 on each");

      String onB = tribunal(apiB, slow, judge);
      awaitStatus(apiB, onB, List.of("running"), Duration.ofSeconds(30));
      String batch = Batches.start(apiB, batchModel, 30, "g", 40);
      Eventually.await(
          "B's batch in progress",
          Duration.ofSeconds(60),
          () -> a.get("/v1/batches/" + batch).json(),
          x -> x.getString("status").equals("in_progress"));

      assertEquals("running", a.get("/api/tribunals/" + onB).json().getString("status"));

      Instant paused = Instant.now();
      b.pause();
      JsonObject failed;
      try {
        failed = awaitStatus(a, onB, List.of("failed"), Duration.ofSeconds(90));
      } catch (AssertionError e) {
        b.resume();
        throw e;
      }
      assertTrue(
          failed.getString("error").contains(":8380) stopped"),
          "names the gateway that stopped (host and port): " + failed);
      JsonObject done =
          Eventually.await(
              "B's batch completed by A",
              Duration.ofSeconds(240),
              () -> a.get("/v1/batches/" + batch).json(),
              x -> List.of("completed", "failed").contains(x.getString("status")));
      assertEquals("completed", done.getString("status"), done::toString);
      assertEquals(30, done.getJsonObject("request_counts").getInt("completed"));
      List<String> ids =
          a.get("/v1/files/" + done.getString("output_file_id") + "/content")
              .body()
              .lines()
              .map(l -> Json.createReader(new StringReader(l)).readObject().getString("custom_id"))
              .toList();
      assertEquals(IntStream.rangeClosed(1, 30).mapToObj(i -> "g-" + i).toList(), ids);
      System.out.println(
          "two gateways: B paused; its tribunal failed and its batch completed by A within "
              + Duration.between(paused, Instant.now()).toSeconds()
              + " s");

      // B runs again where it stopped, its panel and chunks mid-way: fenced, it writes nothing
      int steps = steps(onB);
      b.resume();
      Thread.sleep(15_000);
      assertEquals(steps, steps(onB), "B wrote no step into the tribunal A failed");
      JsonObject still = a.get("/v1/batches/" + batch).json();
      assertEquals("completed", still.getString("status"), still::toString);
      assertEquals(30, still.getJsonObject("request_counts").getInt("completed"), still::toString);
      assertEquals(0, still.getJsonObject("request_counts").getInt("failed"), still::toString);
      assertEquals(
          ids,
          a.get("/v1/files/" + still.getString("output_file_id") + "/content")
              .body()
              .lines()
              .map(l -> Json.createReader(new StringReader(l)).readObject().getString("custom_id"))
              .toList(),
          "the output as A wrote it");
    }
    JsonObject aDone = awaitStatus(a, onA, List.of("completed", "failed"), Duration.ofSeconds(240));
    assertEquals("completed", aDone.getString("status"), "A's own tribunal ran to its end");
  }

  /**
   * B's heartbeat would count for 20 s after it stops, halving the test server's shares of rate
   * limits and replica slots for the tests that follow: its row goes, and the test server sees it.
   */
  @AfterEach
  void forgetTheKilledGateway() throws Exception {
    try (var db = TestDatabase.connect();
        var delete = db.prepareStatement("delete from app.gateways where id like '%:8380'")) {
      delete.executeUpdate();
    }
    Thread.sleep(12000); // a heartbeat (5 s) and a key reload (5 s) later, the test server is alone
  }
}
