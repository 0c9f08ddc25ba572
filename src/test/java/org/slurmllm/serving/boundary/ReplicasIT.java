package org.slurmllm.serving.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slurmllm.testing.Api;
import org.slurmllm.testing.Api.Reply;
import org.slurmllm.testing.Deployments;
import org.slurmllm.testing.Eventually;
import org.slurmllm.testing.Models;
import org.slurmllm.testing.Replicas;
import org.slurmllm.testing.Slurm;

/** Replicas as real SLURM jobs on the development cluster, through slurmrestd. */
@ExtendWith(ArquillianExtension.class)
class ReplicasIT {

  static final Duration READY = Duration.ofSeconds(60);

  @Deployment(testable = false)
  static WebArchive app() {
    return Deployments.application();
  }

  final Api api = Api.ofTestServer();

  String simModel(String name, int min, int max, int timeLimitMinutes, int gpus) {
    return """
        {"name":"%s","engine":"sim","resources":{"gpus":%d,"cpus":1,"memoryGb":1,"timeLimitMinutes":%d},
         "scaling":{"minReplicas":%d,"maxReplicas":%d,"targetConcurrency":8,"idleMinutes":10}}"""
        .formatted(name, gpus, timeLimitMinutes, min, max);
  }

  @Test
  void minReplicasOneBecomesAReadyServerInARunningSlurmJob() throws Exception {
    String name = Models.uniqueName("rep");
    Instant created = Instant.now();
    assertEquals(201, api.post("/api/models", simModel(name, 1, 2, 30, 1)).status());
    Replicas replicas = new Replicas(api, name);

    JsonObject replica = replicas.awaitInState("READY", 1, READY).get(0);
    String job = replica.getString("jobId");
    assertEquals("RUNNING", Slurm.squeueState(job));
    assertEquals("rest", replica.getString("scheduler"));
    assertTrue(
        replica.containsKey("node") && replica.containsKey("walltimeEnd"), replica::toString);
    int health =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://" + replica.getString("endpoint") + "/health"))
                    .build(),
                BodyHandlers.discarding())
            .statusCode();
    assertEquals(200, health);
    JsonObject status =
        replicas
            .await(
                "serving",
                READY,
                l -> l.getJsonObject("status").getString("state").equals("serving"))
            .getJsonObject("status");
    assertEquals(1, status.getInt("desiredReplicas"));
    assertEquals(
        "serving",
        api.get("/api/models/" + name).json().getJsonObject("status").getString("state"));

    replicas.deleteAndAwaitJobsGone();
    assertTrue(
        List.of("", "COMPLETING").contains(Slurm.squeueState(job)),
        "deleting the model cancels its jobs");
  }

  @Test
  void aReplicasJobLogCanBeRead() {
    String name = Models.uniqueName("log");
    api.post("/api/models", simModel(name, 1, 1, 30, 0));
    Replicas replicas = new Replicas(api, name);
    String id = replicas.awaitInState("READY", 1, READY).get(0).getString("id");
    String path = "/api/models/" + name + "/replicas/" + id + "/log";

    Reply log = api.send("GET", path, "text/plain", "");
    assertEquals(200, log.status(), log::toString);
    assertTrue(log.body().contains("slurm-llm replica " + id + " of " + name), log.body());
    Reply tail = api.send("GET", path + "?bytes=10", "text/plain", "");
    assertEquals(10, tail.body().length(), "the last 10 bytes: " + tail.body());
    // the server may log a line between the two reads: the tail is in the log read after it
    Reply later = api.send("GET", path, "text/plain", "");
    assertTrue(later.body().contains(tail.body()), "the tail is the log's: " + tail.body());

    assertEquals(400, api.send("GET", path + "?bytes=0", "text/plain", "").status());
    assertEquals(
        404,
        api.send(
                "GET",
                "/api/models/" + name + "/replicas/" + UUID.randomUUID() + "/log",
                "text/plain",
                "")
            .status());
    assertEquals(
        404,
        api.send("GET", "/api/models/" + name + "/replicas/nope/log", "text/plain", "").status());
    api.delete("/api/models/" + name);
  }

  @Test
  void aChangedDefinitionRollsTheReplicasWithoutAGap() throws Exception {
    String name = Models.uniqueName("roll");
    api.post("/api/models", simModel(name, 1, 1, 30, 0));
    Replicas replicas = new Replicas(api, name);
    String first = replicas.awaitInState("READY", 1, READY).get(0).getString("id");

    // scaling is not what a replica runs with: no new replica
    String rescaled =
        simModel(name, 1, 1, 30, 0).replace("\"idleMinutes\":10", "\"idleMinutes\":20");
    assertEquals(200, api.put("/api/models/" + name, rescaled).status());
    Thread.sleep(3000);
    assertEquals(1, replicas.all().size(), replicas.all()::toString);

    // new engine arguments: a successor starts, the old replica serves until it is READY
    String changed =
        simModel(name, 1, 1, 30, 0)
            .replace(
                "\"engine\":\"sim\"",
                "\"engine\":\"sim\",\"engineArgs\":[\"--profile\",\"instant\"]");
    assertEquals(200, api.put("/api/models/" + name, changed).status());
    String chat =
        "{\"model\":\""
            + name
            + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":2}";
    Instant deadline = Instant.now().plus(READY);
    while (replicas.all().stream()
        .noneMatch(
            r -> r.getString("id").equals(first) && r.getString("state").equals("STOPPED"))) {
      assertTrue(Instant.now().isBefore(deadline), "not rolled: " + replicas.all());
      Reply answer = api.post("/v1/chat/completions", chat);
      assertEquals(200, answer.status(), "served throughout the rollout: " + answer);
    }
    List<JsonObject> ready = replicas.inState("READY");
    assertEquals(1, ready.size(), replicas.all()::toString);
    assertTrue(!ready.get(0).getString("id").equals(first));
    assertEquals(200, api.post("/v1/chat/completions", chat).status());
    api.delete("/api/models/" + name);
  }

  @Test
  void aJobCancelledFromOutsideIsFailedAndReplaced() {
    String name = Models.uniqueName("cancel");
    api.post("/api/models", simModel(name, 1, 1, 30, 0));
    Replicas replicas = new Replicas(api, name);
    String first = replicas.awaitInState("READY", 1, READY).get(0).getString("id");
    String job = replicas.inState("READY").get(0).getString("jobId");

    Slurm.scancel(job);

    JsonObject failed =
        Eventually.await(
            "first replica FAILED",
            READY,
            () ->
                replicas.all().stream()
                    .filter(r -> r.getString("id").equals(first))
                    .findFirst()
                    .orElseThrow(),
            r -> r.getString("state").equals("FAILED"));
    assertTrue(failed.getString("failureReason").contains("CANCELLED"), failed::toString);
    JsonObject replacement = replicas.awaitInState("READY", 1, READY).get(0);
    assertNotEquals(first, replacement.getString("id"));
    replicas.deleteAndAwaitJobsGone();
  }

  @Test
  void scaledUpAndDownByHand() {
    String name = Models.uniqueName("scale");
    api.post("/api/models", simModel(name, 0, 3, 30, 0));
    Replicas replicas = new Replicas(api, name);
    assertEquals(List.of(), replicas.all(), "min 0 and no requests: nothing runs");

    Reply up = api.put("/api/models/" + name + "/replicas", "{\"desired\":2}");
    assertEquals(200, up.status(), up::toString);
    List<JsonObject> two = replicas.awaitInState("READY", 2, READY);
    assertEquals(2, replicas.list().getJsonObject("status").getInt("replicasOverride"));

    api.put("/api/models/" + name + "/replicas", "{\"desired\":0}");
    for (JsonObject r : two) {
      Eventually.await(
          "job " + r.getString("jobId") + " gone",
          READY,
          () -> Slurm.squeueState(r.getString("jobId")),
          s -> s.isEmpty() || s.equals("COMPLETING"));
    }
    Eventually.await("all stopped", READY, () -> replicas.inState("STOPPED").size(), n -> n == 2);

    api.put("/api/models/" + name + "/replicas", "{\"desired\":null}");
    assertEquals(0, replicas.list().getJsonObject("status").getInt("desiredReplicas"));
    replicas.deleteAndAwaitJobsGone();
  }

  @Test
  void scaleOutsideZeroToMaxIsRefused() {
    String name = Models.uniqueName("bounds");
    api.post("/api/models", simModel(name, 0, 2, 30, 0));
    Reply tooMany = api.put("/api/models/" + name + "/replicas", "{\"desired\":3}");
    assertEquals(400, tooMany.status());
    assertEquals("desired", tooMany.error().getString("param"));
    assertEquals(400, api.put("/api/models/" + name + "/replicas", "{\"desired\":-1}").status());
    assertEquals(
        400, api.put("/api/models/" + name + "/replicas", "{\"desired\":\"two\"}").status());
    assertEquals(404, api.put("/api/models/no-such-model/replicas", "{\"desired\":1}").status());
    assertEquals(404, api.get("/api/models/no-such-model/replicas").status());
    api.delete("/api/models/" + name);
  }

  @Test
  void aJobTheClusterRefusesFailsWithTheSchedulersReasonAndBacksOffAtOnce() {
    // a constraint no node has passes the checks at creation (features are not among them), as a
    // partition removed after a model's creation would: SLURM refuses the job at submission
    String name = Models.uniqueName("refused");
    assertEquals(
        201,
        api.post(
                "/api/models",
                """
                {"name":"%s","engine":"sim","resources":{"cpus":1,"memoryGb":1,
                 "constraint":"no-such-feature"},"scaling":{"minReplicas":1,"maxReplicas":1}}"""
                    .formatted(name))
            .status());
    Replicas replicas = new Replicas(api, name);

    JsonObject failed = replicas.awaitInState("FAILED", 1, READY).get(0);
    String reason = failed.getString("failureReason");
    assertTrue(reason.contains("rejected") && reason.contains("Invalid feature"), reason);
    assertTrue(
        reason.contains("asked for partition (the cluster's default), 0 GPU(s), 1 CPU(s)")
            && reason.contains("constraint no-such-feature"),
        "what it asked: " + reason);
    JsonObject status =
        replicas
            .await(
                "backoff",
                READY,
                l -> l.getJsonObject("status").getString("state").equals("backoff"))
            .getJsonObject("status");
    assertTrue(status.getString("message").contains("next attempt"), status::toString);
    assertEquals(
        1, replicas.inState("FAILED").size(), "one refusal is enough: the same job meets the same");
    api.delete("/api/models/" + name);
  }

  @Test
  void aFrozenServerFailsItsProbesAndIsReplaced() throws Exception {
    String name = Models.uniqueName("frozen");
    api.post("/api/models", simModel(name, 1, 1, 30, 0));
    Replicas replicas = new Replicas(api, name);
    String id = replicas.awaitInState("READY", 1, READY).get(0).getString("id");
    ProcessHandle worker =
        ProcessHandle.allProcesses()
            .filter(p -> commandLine(p).contains(id + ".endpoint"))
            .findFirst()
            .orElseThrow();

    new ProcessBuilder("kill", "-STOP", Long.toString(worker.pid())).start().waitFor();
    try {
      JsonObject failed =
          Eventually.await(
              "frozen replica FAILED",
              READY,
              () ->
                  replicas.all().stream()
                      .filter(r -> r.getString("id").equals(id))
                      .findFirst()
                      .orElseThrow(),
              r -> r.getString("state").equals("FAILED"));
      assertTrue(
          failed.getString("failureReason").contains("health probe failed"), failed::toString);
      assertNotEquals(id, replicas.awaitInState("READY", 1, READY).get(0).getString("id"));
    } finally {
      new ProcessBuilder("kill", "-CONT", Long.toString(worker.pid())).start().waitFor();
    }
    replicas.deleteAndAwaitJobsGone();
  }

  static String commandLine(ProcessHandle p) {
    try {
      return new String(
          Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()), "cmdline")),
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  @Test
  void aReplicaNearItsWalltimeIsReplacedWithoutAGap() {
    String name = Models.uniqueName("walltime");
    api.post("/api/models", simModel(name, 1, 1, 1, 0));
    Replicas replicas = new Replicas(api, name);
    String first = replicas.awaitInState("READY", 1, READY).get(0).getString("id");

    // a 1-minute limit: the successor comes 30 s before the end; READY never drops to zero
    Instant deadline = Instant.now().plusSeconds(80);
    boolean handedOver = false;
    while (Instant.now().isBefore(deadline) && !handedOver) {
      List<JsonObject> all = replicas.all();
      assertTrue(
          all.stream().anyMatch(r -> r.getString("state").equals("READY")),
          () -> "no READY replica at " + Instant.now() + ": " + all);
      handedOver =
          all.stream()
                  .anyMatch(
                      r ->
                          r.getString("id").equals(first)
                              && List.of("DRAINING", "STOPPED").contains(r.getString("state")))
              && all.stream()
                  .anyMatch(
                      r ->
                          !r.getString("id").equals(first) && r.getString("state").equals("READY"));
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    assertTrue(handedOver, () -> "no hand-over: " + replicas.all());
    JsonObject old =
        replicas.all().stream()
            .filter(r -> r.getString("id").equals(first))
            .findFirst()
            .orElseThrow();
    assertTrue(old.containsKey("successorId"), old::toString);
    replicas.deleteAndAwaitJobsGone();
  }
}
