package org.slurmllm.fleet.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slurmllm.testing.Api;
import org.slurmllm.testing.Api.Reply;
import org.slurmllm.testing.Deployments;
import org.slurmllm.testing.Eventually;
import org.slurmllm.testing.Models;
import org.slurmllm.testing.RemoveNewModels;
import org.slurmllm.testing.ServerProcess;
import org.slurmllm.testing.TestDatabase;

/**
 * A gateway is judged by the database's clock, and fenced when it lost its work: a second gateway
 * (B) whose clock runs a minute behind (libfaketime) is not taken for dead by the test server (A),
 * so its tribunal runs to its end; paused (SIGSTOP) past the heartbeats' bound, B's tribunal is
 * failed by A, and once B runs again it writes not one step more into it.
 */
@ExtendWith({ArquillianExtension.class, RemoveNewModels.class})
class FencingIT {

  static final Path FAKETIME = Path.of("/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1");

  @Deployment(testable = false)
  static WebArchive app() {
    return Deployments.application();
  }

  final Api a = Api.ofTestServer();

  String tribunal(Api api, String panel, String judge, int rounds) {
    Reply r =
        api.post(
            "/api/tribunals",
            """
            {"prompt":"Tell a long story.","panel":["%s"],"judges":["%s"],"rounds":%d,"quorum":1,
             "maxTokens":300}"""
                .formatted(panel, judge, rounds));
    assertEquals(202, r.status(), r::toString);
    return r.json().getString("id");
  }

  JsonObject await(String id, List<String> statuses, Duration timeout) {
    return Eventually.await(
        "tribunal " + id + " " + statuses,
        timeout,
        () -> a.get("/api/tribunals/" + id).json(),
        t -> statuses.contains(t.getString("status")));
  }

  static int steps(String tribunal) {
    try (Connection db = TestDatabase.connect();
        PreparedStatement q =
            db.prepareStatement("select count(*) from app.tribunal_steps where tribunal_id = ?")) {
      q.setString(1, tribunal);
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aGatewayIsJudgedByTheDatabasesClockAndFencedOnceItsWorkWasTaken() throws Exception {
    assertTrue(Files.exists(FAKETIME), "libfaketime (bin/slurm-llm test installs faketime)");
    String slow = Models.serving(a, "fcs", "llama-3.1-70b", 8);
    String judge = Models.serving(a, "fcj", "instant", 8);
    Eventually.await(
        "the models serving",
        Duration.ofSeconds(120),
        () -> a.get("/v1/models").body(),
        body -> body.split("\"status\":\"serving\"").length > 2);
    try (ServerProcess b =
        new ServerProcess("skewed-gateway", 700)
            .withEnvironment("LD_PRELOAD", FAKETIME.toString())
            .withEnvironment("FAKETIME", "-60s")
            .withEnvironment("FAKETIME_DONT_FAKE_MONOTONIC", "1")
            .start()) {
      Api apiB = b.api();
      // a minute behind: by its own clock its heartbeats would be stale at once
      String onB = tribunal(apiB, slow, judge, 2);
      await(onB, List.of("running"), Duration.ofSeconds(30));
      Thread.sleep(35_000); // past the bound (20 s) and A's next look for gone gateways (15 s)
      String after = a.get("/api/tribunals/" + onB).json().getString("status");
      assertTrue(
          List.of("running", "completed").contains(after),
          "B, a minute behind, was not taken for dead: " + after);

      String paused = tribunal(apiB, slow, judge, 3);
      await(paused, List.of("running"), Duration.ofSeconds(30));
      Eventually.await("a first step", Duration.ofSeconds(30), () -> steps(paused), n -> n > 0);
      b.pause();
      JsonObject failed;
      try {
        failed = await(paused, List.of("failed"), Duration.ofSeconds(60));
      } finally {
        b.resume();
      }
      assertTrue(failed.getString("error").contains(":8780) stopped"), failed::toString);
      int atFailure = steps(paused);
      Thread.sleep(20_000); // B runs on: its panel answers and judges would be steps
      assertEquals(atFailure, steps(paused), "B wrote nothing into the tribunal it lost");
      assertEquals("failed", a.get("/api/tribunals/" + paused).json().getString("status"));
      JsonObject first = await(onB, List.of("completed", "failed"), Duration.ofSeconds(120));
      assertEquals("completed", first.getString("status"), first::toString);
    }
  }

  /** B's heartbeat would count for a while: its row goes, and the test server sees it. */
  @AfterEach
  void forgetTheSecondGateway() throws Exception {
    try (var db = TestDatabase.connect();
        var delete = db.prepareStatement("delete from app.gateways where id like '%:8780'")) {
      delete.executeUpdate();
    }
    Thread.sleep(12000);
  }
}
