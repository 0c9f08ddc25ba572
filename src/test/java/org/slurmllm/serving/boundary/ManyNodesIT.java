package org.slurmllm.serving.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.slurmllm.testing.Api;
import org.slurmllm.testing.Api.Reply;
import org.slurmllm.testing.Eventually;
import org.slurmllm.testing.Models;
import org.slurmllm.testing.Replicas;
import org.slurmllm.testing.ServerProcess;
import org.slurmllm.testing.Slurm;

/**
 * A gateway on the multi-node development cluster (three slurmd, each in a network namespace of its
 * own, started by {@code bin/slurm-llm test} with {@code slurm/dev-cluster/start --nodes 3}): its
 * replicas are reached at their nodes' addresses, a model's replicas go to different nodes (in a
 * partition where SLURM alone would pack them onto one), and a node that dies, or is cut off, under
 * load costs no request and is replaced elsewhere, with no job left behind. A server and a database
 * of its own, on the cluster's command-line tools; it runs beside the other test classes (its
 * methods in order), sharing nothing with them but the machine.
 */
@TestMethodOrder(OrderAnnotation.class)
@Execution(
    ExecutionMode.CONCURRENT) // beside the test server's classes: nothing of theirs is shared
class ManyNodesIT {

  static final Path SHARED = Path.of("target", "shared-multinode").toAbsolutePath();
  static final String BIN = System.getProperty("it.multinode.bin", "/var/lib/slurm-multi/bin");
  static final Path NODE_TOOL = Path.of("slurm", "dev-cluster", "node").toAbsolutePath();
  static ServerProcess server;
  static Api api;
  static String model;

  @BeforeAll
  static void startServer() throws Exception {
    Files.createDirectories(SHARED);
    Files.setPosixFilePermissions(SHARED, PosixFilePermissions.fromString("rwx------"));
    server =
        new ServerProcess("multinode-server", 600)
            .withEnvironment("SLURMLLM_DB_NAME", System.getProperty("it.multinode.db.name"))
            .withEnvironment("SLURMLLM_SCHEDULER", "cli")
            .withEnvironment("SLURMLLM_SLURM_BIN", BIN)
            .withEnvironment("SLURMLLM_SHARED_DIR", SHARED.toString())
            .withEnvironment("SLURMLLM_PROBE_INTERVAL_MS", "5000")
            .start();
    api = server.api();
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      if (model != null) {
        api.delete("/api/models/" + model);
        Eventually.await(
            "the model's jobs gone", Duration.ofSeconds(60), ManyNodesIT::activeJobs, Map::isEmpty);
      }
      server.stop();
    }
  }

  @AfterEach
  void healEveryNode() {
    for (String node : List.of("node1", "node2", "node3")) {
      Slurm.run(NODE_TOOL.toString(), node, "up");
    }
  }

  /** This server's queued and running jobs, by id: "name state node". */
  static Map<String, String> activeJobs() {
    String out = Slurm.run(BIN + "/squeue", "-h", "-o", "%i %j %T %N");
    Map<String, String> jobs = new TreeMap<>();
    for (String line : out.strip().split("\n")) {
      String[] f = line.strip().split("\\s+");
      if (f.length >= 3 && f[1].startsWith("slurmllm.")) {
        jobs.put(f[0], line.strip());
      }
    }
    return jobs;
  }

  static List<JsonObject> ready() {
    return new Replicas(api, model).inState("READY");
  }

  static Set<String> readyNodes() {
    return ready().stream().map(r -> r.getString("node", "?")).collect(Collectors.toSet());
  }

  @Test
  @Order(1)
  @Execution(ExecutionMode.SAME_THREAD) // in order, in the class's thread
  void aModelsReplicasGoToDifferentNodesAndAreReachedThere() {
    model = Models.uniqueName("mn");
    createSim(model, "", ",\"partition\":\"pack\"", 3, 3);
    new Replicas(api, model).awaitInState("READY", 3, Duration.ofSeconds(90));
    assertEquals(
        Set.of("node1", "node2", "node3"),
        readyNodes(),
        "one replica per node (SLURM alone packs the partition's jobs onto one node)");
    for (JsonObject r : ready()) {
      assertTrue(
          r.getString("endpoint", "").startsWith("10.231.0."),
          () -> "reached at its node's address, not a name only the node resolves: " + r);
    }
    assertEquals(200, chat().status());
    JsonObject cluster = api.get("/api/cluster").json();
    Map<String, Integer> replicasByNode = new TreeMap<>();
    for (JsonObject n : cluster.getJsonArray("nodes").getValuesAs(JsonObject.class)) {
      replicasByNode.put(
          n.getString("name"),
          (int)
              n.getJsonArray("jobs").stream()
                  .filter(j -> j.asJsonObject().containsKey("replica"))
                  .count());
    }
    assertEquals(Map.of("node1", 1, "node2", 1, "node3", 1), replicasByNode, cluster::toString);
  }

  @Test
  @Order(3)
  @Execution(ExecutionMode.SAME_THREAD) // in order, in the class's thread
  void aNodeKilledUnderLoadCostsNoRequestAndItsReplicaIsReplacedElsewhere() throws Exception {
    failUnderLoad("down");
  }

  /**
   * The node of a running batch chunk job (and of a replica: there is one on every node) is cut off
   * under load: no request fails, the replica is replaced elsewhere, and the chunk job runs once
   * more elsewhere by SLURM's requeue while its stale copy runs on: each line once.
   */
  @Test
  @Order(2) // while every node has one of the model's replicas: the chunk's node has one
  @Execution(ExecutionMode.SAME_THREAD) // in order, in the class's thread
  void aNodeCutOffUnderLoadCostsNoRequestAndItsChunkJobRunsOnceMoreElsewhere() throws Exception {
    // no replicas: the chunk runs as a job, which takes 8 s to load before it answers
    String bulk = Models.uniqueName("mnb");
    createSim(bulk, ",\"--load-seconds\",\"8\"", "", 0, 1);
    try {
      String batch = org.slurmllm.testing.Batches.start(api, bulk, 10, "c", 8);
      JsonObject job =
          Eventually.await(
                  "the chunk's job running on a node",
                  Duration.ofSeconds(60),
                  () -> chunkJobs(batch),
                  l -> !l.isEmpty())
              .get(0);
      String node = job.getString("node");
      String jobId = job.getString("jobId");
      failUnderLoad(
          "cut",
          node,
          () ->
              Eventually.await(
                  "the batch ended",
                  Duration.ofSeconds(120),
                  () -> api.get("/v1/batches/" + batch).json(),
                  b ->
                      List.of("completed", "failed", "expired", "cancelled")
                          .contains(b.getString("status"))));
      JsonObject done = api.get("/v1/batches/" + batch).json();
      assertEquals("completed", done.getString("status"), done::toString);
      assertEquals(10, done.getJsonObject("request_counts").getInt("completed"), done::toString);
      List<String> ids =
          api.get("/v1/files/" + done.getString("output_file_id") + "/content")
              .body()
              .lines()
              .map(
                  l ->
                      jakarta.json.Json.createReader(new java.io.StringReader(l))
                          .readObject()
                          .getString("custom_id"))
              .sorted()
              .toList();
      assertEquals(
          java.util.stream.IntStream.rangeClosed(1, 10).mapToObj(i -> "c-" + i).sorted().toList(),
          ids,
          "each line once");
      String record = Slurm.run(BIN + "/scontrol", "show", "job", jobId);
      assertTrue(
          record.contains("Restarts=1"), () -> "SLURM ran the same job once more: " + record);
      long jobsOfTheBatch =
          Slurm.run(BIN + "/scontrol", "show", "jobs", "-o")
              .lines()
              .filter(l -> l.contains(".chunk." + batch + "."))
              .count();
      assertEquals(1, jobsOfTheBatch, "SLURM's requeue, not a resubmit by the gateway as well");
    } finally {
      api.delete("/api/models/" + bulk);
    }
  }

  @Test
  @Order(4)
  @Execution(ExecutionMode.SAME_THREAD) // in order, in the class's thread
  void aReplicaOverTwoNodesServesOnceBothShardsDoAndIsReplacedWhenOneNodeDies() {
    String spanning = Models.uniqueName("mn2");
    Reply created = createSim(spanning, "", ",\"nodes\":2", 1, 1);
    assertEquals(2, created.json().getJsonObject("resources").getInt("nodes"));
    try {
      Replicas replicas = new Replicas(api, spanning);
      JsonObject first = replicas.awaitInState("READY", 1, Duration.ofSeconds(90)).get(0);
      List<String> nodes = expand(first.getString("node"));
      assertEquals(2, nodes.size(), first::toString);
      assertEquals(200, chat(spanning).status());
      // the shard's node, not the head's (whose replica's probes would fail anyway): the head
      // must notice its shard gone and end the replica
      String shardNode = nodes.get(1);
      Slurm.run(NODE_TOOL.toString(), shardNode, "down");
      JsonObject failed =
          replicas.await(
              "the replica FAILED",
              Duration.ofSeconds(60),
              l ->
                  l.getJsonArray("data").stream()
                      .map(JsonObject.class::cast)
                      .anyMatch(
                          r ->
                              r.getString("id").equals(first.getString("id"))
                                  && r.getString("state").equals("FAILED")));
      JsonObject again =
          Eventually.await(
                  "a new replica READY on two nodes, not " + shardNode,
                  Duration.ofSeconds(90),
                  () -> replicas.inState("READY"),
                  l -> l.size() == 1 && !expand(l.get(0).getString("node")).contains(shardNode))
              .get(0);
      assertEquals(2, expand(again.getString("node")).size(), again::toString);
      assertEquals(200, chat(spanning).status());
      JsonObject ended =
          failed.getJsonArray("data").stream()
              .map(JsonObject.class::cast)
              .filter(r -> r.getString("id").equals(first.getString("id")))
              .findFirst()
              .orElseThrow();
      assertTrue(
          ended.getString("failureReason", "").contains("stopped answering; the replica ends"),
          () -> "the head's last words say which shard: " + ended);
    } finally {
      api.delete("/api/models/" + spanning);
    }
  }

  @Test
  @Order(5)
  @Execution(ExecutionMode.SAME_THREAD) // in order, in the class's thread
  void aReplicaOverMoreNodesThanTheClusterHasOrOfAnEngineThatCannotIsRefused() {
    Reply tooMany =
        api.post(
            "/api/models",
            """
            {"name":"%s","engine":"sim",
             "resources":{"gpus":0,"cpus":1,"memoryGb":1,"nodes":5}}"""
                .formatted(Models.uniqueName("mn5")));
    assertEquals(400, tooMany.status(), tooMany::toString);
    assertTrue(
        tooMany.body().contains("resources.nodes: 5 nodes asked; partition gpu has 3"),
        tooMany::toString);
    Reply llama =
        api.post(
            "/api/models",
            """
            {"name":"%s","engine":"llamacpp","weights":"/nonexistent.gguf",
             "resources":{"gpus":0,"cpus":1,"memoryGb":1,"nodes":2}}"""
                .formatted(Models.uniqueName("mnl")));
    assertEquals(400, llama.status(), llama::toString);
    assertTrue(
        llama.body().contains("resources.nodes: engine llamacpp runs a replica on one node"),
        llama::toString);
    assertEquals(
        0,
        api.get("/api/models").json().getJsonArray("data").stream()
            .filter(
                m ->
                    m.asJsonObject().getString("name").startsWith("mn5")
                        || m.asJsonObject().getString("name").startsWith("mnl"))
            .count(),
        "nothing made");
  }

  /** The batch's chunk jobs running now, from /api/cluster: {"node","jobId"}. */
  static List<JsonObject> chunkJobs(String batch) {
    List<JsonObject> found = new ArrayList<>();
    for (JsonObject n :
        api.get("/api/cluster").json().getJsonArray("nodes").getValuesAs(JsonObject.class)) {
      for (JsonObject j : n.getJsonArray("jobs").getValuesAs(JsonObject.class)) {
        if (batch.equals(j.getString("batch", null))) {
          found.add(
              jakarta.json.Json.createObjectBuilder()
                  .add("node", n.getString("name"))
                  .add("jobId", j.getString("jobId"))
                  .build());
        }
      }
    }
    return found;
  }

  /** A sim model (profile instant): more engine arguments and resources as JSON to append. */
  static Reply createSim(String name, String moreArgs, String moreResources, int min, int max) {
    Reply created =
        api.post(
            "/api/models",
            """
            {"name":"%s","engine":"sim","engineArgs":["--profile","instant"%s],
             "resources":{"gpus":0,"cpus":1,"memoryGb":1,"timeLimitMinutes":30%s},
             "scaling":{"minReplicas":%d,"maxReplicas":%d,"targetConcurrency":4,"idleMinutes":10}}"""
                .formatted(name, moreArgs, moreResources, min, max));
    assertEquals(201, created.status(), created::toString);
    return created;
  }

  static List<String> expand(String nodeList) {
    return org.slurmllm.cluster.entity.NodeList.expand(nodeList);
  }

  static Reply chat(String name) {
    return api.post(
        "/v1/chat/completions",
        """
        {"model":"%s","messages":[{"role":"user","content":"hi"}],"max_tokens":4}"""
            .formatted(name));
  }

  /** Fails the node of one READY replica while four clients send requests; checks the outcome. */
  static void failUnderLoad(String how) throws Exception {
    failUnderLoad(how, null, () -> {});
  }

  /**
   * Fails {@code onNode} (null: the node of the first READY replica) while four clients send
   * requests, and checks what follows; {@code meanwhile} runs while the load still does.
   */
  static void failUnderLoad(String how, String onNode, Runnable meanwhile) throws Exception {
    new Replicas(api, model).awaitInState("READY", 3, Duration.ofSeconds(90));
    JsonObject victim =
        ready().stream()
            .filter(r -> onNode == null || onNode.equals(r.getString("node")))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no READY replica on " + onNode));
    String node = victim.getString("node");
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger sent = new AtomicInteger();
    List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    // two clients at about 20 requests a second each: load, but light, as this class runs beside
    // the others (its own server and cluster) and must not starve them of the machine's 2 cores
    ExecutorService clients = Executors.newFixedThreadPool(2);
    List<Future<?>> running = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      running.add(
          clients.submit(
              () -> {
                while (!stop.get()) {
                  Reply r = chat();
                  sent.incrementAndGet();
                  if (r.status() != 200) {
                    failures.add(r.status() + " " + r.body());
                  }
                  try {
                    Thread.sleep(50);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              }));
    }
    try {
      Thread.sleep(1_000);
      long t0 = System.nanoTime();
      String said = Slurm.run(NODE_TOOL.toString(), node, how);
      Eventually.await(
          "3 READY replicas, none on " + node + " (" + how + ")",
          Duration.ofSeconds(60),
          ManyNodesIT::ready,
          l -> l.size() == 3 && l.stream().noneMatch(r -> node.equals(r.getString("node", ""))));
      System.out.printf(
          "ManyNodesIT: %s %s: back to 3 READY replicas in %d ms (%s)%n",
          node, how, (System.nanoTime() - t0) / 1_000_000, said.strip());
      Thread.sleep(1_000); // requests on the new set too
      meanwhile.run();
    } finally {
      stop.set(true);
      for (Future<?> f : running) {
        f.get();
      }
      clients.shutdown();
    }
    assertEquals(List.of(), failures, () -> "of " + sent.get() + " requests");
    assertTrue(sent.get() > 20, "load ran: " + sent.get());
    JsonObject replaced =
        new Replicas(api, model)
            .all().stream()
                .filter(r -> r.getString("id").equals(victim.getString("id")))
                .findFirst()
                .orElseThrow();
    assertEquals("FAILED", replaced.getString("state"), replaced::toString);
    // no replica counted twice, no orphan: SLURM holds exactly the live replicas' jobs (the
    // replaced one's job cancelled, not requeued to start again beside its successor)
    Slurm.run(NODE_TOOL.toString(), node, "up");
    Eventually.await(
        "SLURM holds only the 3 live replicas' jobs",
        Duration.ofSeconds(60),
        () -> {
          Set<String> live =
              new Replicas(api, model)
                  .all().stream()
                      .filter(r -> !Set.of("FAILED", "STOPPED").contains(r.getString("state")))
                      .map(r -> r.getString("jobId", ""))
                      .collect(Collectors.toSet());
          return Map.of("live", live, "slurm", activeJobs().keySet());
        },
        m -> m.get("live").size() == 3 && m.get("live").equals(m.get("slurm")));
  }

  static Reply chat() {
    return chat(model);
  }
}
