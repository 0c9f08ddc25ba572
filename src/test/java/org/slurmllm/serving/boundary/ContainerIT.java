package org.slurmllm.serving.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slurmllm.cluster.boundary.JobTemplates;
import org.slurmllm.testing.Api;
import org.slurmllm.testing.Api.Reply;
import org.slurmllm.testing.Batches;
import org.slurmllm.testing.Eventually;
import org.slurmllm.testing.Models;
import org.slurmllm.testing.Podman;
import org.slurmllm.testing.Replicas;
import org.slurmllm.testing.ServerProcess;
import org.slurmllm.testing.Slurm;
import org.slurmllm.testing.TinyModel;

/**
 * Model servers in podman containers, started by SLURM, and nothing left behind however their job
 * ends: scancel, scaled to zero, the time limit. A server of its own runs these replicas on the
 * machine's own Slurm (22.05, through its command-line tools), whose jobs run on the host where
 * podman runs (the other tests' Slurm 24.11 runs its jobs in a chroot without podman), with a
 * database of its own (two gateways on one database would both reconcile, each on another cluster).
 *
 * <p>A leftover is a container labelled with the job, or any process (conmon, the watchdog, the
 * server) whose command line names the container or the replica.
 */
@TestMethodOrder(OrderAnnotation.class)
class ContainerIT {

  static final Path SHARED = Path.of("target", "shared-containers").toAbsolutePath();
  static ServerProcess server;
  static Api api;
  static String sim;
  static String tiny;

  /** A job of the worker's template with a one-minute limit, submitted first, checked last. */
  static String timeLimited;

  static String timeLimitedContainer;

  static String host(String tool) {
    return "/usr/bin/" + tool;
  }

  @BeforeAll
  static void startServerAndModels() throws Exception {
    Files.createDirectories(SHARED); // the server refuses a shared directory others may open
    Files.setPosixFilePermissions(SHARED, PosixFilePermissions.fromString("rwx------"));
    timeLimited = submitTimeLimitedJob(); // its minute runs while the other tests do
    timeLimitedContainer = containerOf(timeLimited);
    server =
        new ServerProcess("containers-server", 300)
            .withEnvironment("SLURMLLM_DB_NAME", System.getProperty("it.containers.db.name"))
            .withEnvironment("SLURMLLM_SCHEDULER", "cli")
            .withEnvironment("SLURMLLM_SLURM_BIN", "/usr/bin")
            .withEnvironment("SLURMLLM_SHARED_DIR", SHARED.toString())
            .withEnvironment("SLURMLLM_CONTAINERS_CONF", Podman.conf())
            .start();
    api = server.api();
    sim = create("csim", "sim", null);
    tiny = create("ctiny", "llamacpp", TinyModel.weights());
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      for (String model : new String[] {sim, tiny}) {
        if (model != null) {
          List<String> jobs =
              new Replicas(api, model)
                  .all().stream()
                      .filter(r -> r.containsKey("jobId"))
                      .map(r -> r.getString("jobId"))
                      .toList();
          api.delete("/api/models/" + model);
          for (String job : jobs) {
            Eventually.await(
                "job " + job + " gone",
                Duration.ofSeconds(60),
                () -> Slurm.run(host("squeue"), "-h", "-j", job, "-o", "%T").strip(),
                s -> s.isEmpty() || s.startsWith("slurm_load_jobs") || s.equals("COMPLETING"));
          }
        }
      }
      server.stop();
    }
  }

  static String create(String prefix, String engine, String weights) {
    String name = Models.uniqueName(prefix);
    Reply r =
        api.post(
            "/api/models",
            """
            {"name":"%s","engine":"%s",%s"contextLength":512,
             "container":{"runtime":"podman","image":"%s"},
             "resources":{"gpus":0,"cpus":1,"memoryGb":1,"timeLimitMinutes":30},
             "scaling":{"minReplicas":1,"maxReplicas":1,"targetConcurrency":4,"idleMinutes":10}}"""
                .formatted(
                    name,
                    engine,
                    weights == null ? "" : "\"weights\":\"" + weights + "\",",
                    Podman.image()));
    assertEquals(201, r.status(), r::toString);
    return name;
  }

  static JsonObject ready(String model) {
    return new Replicas(api, model).awaitInState("READY", 1, Duration.ofSeconds(120)).get(0);
  }

  static String chat(String model) {
    Reply r =
        api.post(
            "/v1/chat/completions",
            """
            {"model":"%s","messages":[{"role":"user","content":"Once upon a time"}],"max_tokens":8}"""
                .formatted(model));
    assertEquals(200, r.status(), r::toString);
    return r.json()
        .getJsonArray("choices")
        .getJsonObject(0)
        .getJsonObject("message")
        .getString("content");
  }

  /** The job's container while it runs: exactly one, labelled with the job. */
  static String containerOf(String jobId) {
    List<String> ids = Podman.containersOfJob(jobId);
    assertEquals(1, ids.size(), () -> "containers of job " + jobId + ": " + ids);
    return ids.get(0);
  }

  /** Waits until nothing of the job is left: no container, no process naming it. */
  static void assertNothingLeft(String jobId, String containerId, String replicaId) {
    Eventually.await(
        "nothing left of job " + jobId,
        Duration.ofSeconds(30),
        () ->
            Podman.containersOfJob(jobId).size()
                + Podman.processesMentioning(containerId).size()
                + Podman.processesMentioning(replicaId).size(),
        left -> left == 0);
    assertEquals(List.of(), Podman.containersOfJob(jobId));
    assertEquals(List.of(), Podman.processesMentioning(containerId));
    assertEquals(List.of(), Podman.processesMentioning(replicaId));
  }

  @Test
  @Order(1)
  void simAndLlamaCppReplicasRunInContainersAndAnswer() {
    for (String model : List.of(sim, tiny)) {
      JsonObject replica = ready(model);
      String container = containerOf(replica.getString("jobId"));
      assertFalse(
          Podman.processesMentioning(container).isEmpty(), "conmon runs the replica's container");
      assertFalse(chat(model).isBlank(), model + " answers from its container");
    }
  }

  @Test
  @Order(2)
  void scancelOfTheReplicasJobLeavesNothing() {
    JsonObject replica = ready(sim);
    String job = replica.getString("jobId");
    String container = containerOf(job);
    Slurm.run(host("scancel"), job);
    assertNothingLeft(job, container, replica.getString("id"));
  }

  @Test
  @Order(3)
  void aModelScaledToZeroLeavesNothing() {
    JsonObject replica = ready(tiny);
    String job = replica.getString("jobId");
    String container = containerOf(job);
    assertEquals(200, api.put("/api/models/" + tiny + "/replicas", "{\"desired\":0}").status());
    Eventually.await(
        "the replica stopped",
        Duration.ofSeconds(60),
        () -> new Replicas(api, tiny).all(),
        all ->
            all.stream()
                .anyMatch(
                    r ->
                        r.getString("id").equals(replica.getString("id"))
                            && r.getString("state").equals("STOPPED")));
    assertNothingLeft(job, container, replica.getString("id"));
  }

  @Test
  @Order(4)
  void aBatchChunkRunsInAContainer() {
    String since = Instant.now().minusSeconds(1).toString();
    String batch = Batches.start(api, sim, 3, "ctr", 4);
    JsonObject done =
        Eventually.await(
            "batch " + batch + " completed",
            Duration.ofSeconds(120),
            () -> api.get("/v1/batches/" + batch).json(),
            b -> List.of("completed", "failed").contains(b.getString("status")));
    assertEquals("completed", done.getString("status"), done::toString);
    assertEquals(3, done.getJsonObject("request_counts").getInt("completed"));
    List<String> started = Podman.startedFor(sim, since);
    assertTrue(
        started.stream().anyMatch(n -> n.startsWith("slurmllm-")),
        "the chunk's job started a container for the model: " + started);
  }

  @Test
  @Order(5)
  void theSweepRemovesAContainerWhoseJobIsGoneAndKeepsTheOthers() {
    String running = ready(sim).getString("jobId");
    String stray = "slurmllm-sweep-" + UUID.randomUUID().toString().substring(0, 8);
    String gone = "999999"; // no such job on this cluster
    String out =
        Podman.run(
            "run",
            "--detach",
            "--name",
            stray,
            "--label",
            "slurmllm.model=" + sim,
            "--label",
            "slurm_job=" + gone,
            Podman.image(),
            "sleep",
            "300");
    assertEquals(1, Podman.containersOfJob(gone).size(), out);
    String swept = Podman.script("slurm/container/sweep");
    assertTrue(swept.contains("of job " + gone), swept);
    assertEquals(List.of(), Podman.containersOfJob(gone));
    assertEquals(List.of(), Podman.processesMentioning(stray));
    assertEquals(1, Podman.containersOfJob(running).size(), "a running job's container is kept");
  }

  @Test
  @Order(6)
  void aJobAtItsTimeLimitLeavesNothing() {
    Eventually.await(
        "job " + timeLimited + " ended by its time limit",
        Duration.ofSeconds(150),
        () -> Slurm.run(host("scontrol"), "show", "job", "-o", timeLimited),
        s -> s.contains("JobState=TIMEOUT"));
    assertNothingLeft(timeLimited, timeLimitedContainer, "time-limited-replica");
  }

  /**
   * The worker's replica template as the application submits it, in a podman container, with one
   * minute of time: SLURM ends it by its time limit.
   */
  static String submitTimeLimitedJob() throws IOException {
    Path script = SHARED.resolve("time-limited.sbatch");
    Files.writeString(script, new JobTemplates().named("worker"));
    Files.createDirectories(SHARED.resolve("replicas"));
    ProcessBuilder sbatch =
        new ProcessBuilder(
                host("sbatch"),
                "--parsable",
                "--time=1",
                "--cpus-per-task=1",
                "--mem=1G",
                "--job-name=slurmllm-time-limited",
                "--chdir=" + SHARED,
                "--output=" + SHARED.resolve("time-limited.log"),
                script.toString())
            .redirectErrorStream(true);
    var env = sbatch.environment();
    env.put("SLURMLLM_CONTAINER_RUNTIME", "podman");
    env.put("SLURMLLM_IMAGE", Podman.image());
    env.put("SLURMLLM_CONTAINERS_CONF", Podman.conf());
    env.put("SLURMLLM_REPLICA_ID", "time-limited-replica");
    env.put("SLURMLLM_MODEL", "time-limited");
    env.put("SLURMLLM_ENGINE", "sim");
    env.put("SLURMLLM_WORKER_JAR", System.getProperty("it.worker.jar"));
    env.put("SLURMLLM_RENDEZVOUS_DIR", SHARED.resolve("replicas").toString());
    Process p = sbatch.start();
    String out = new String(p.getInputStream().readAllBytes()).strip();
    try {
      assertEquals(0, p.waitFor(), out);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    String job = out.split(";")[0];
    Eventually.await(
        "the time-limited job's server up",
        Duration.ofSeconds(60),
        () -> Files.exists(SHARED.resolve("replicas/time-limited-replica.endpoint")),
        up -> up);
    return job;
  }
}
