package org.slurmllm.bulk.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slurmllm.testing.Access;
import org.slurmllm.testing.Api;
import org.slurmllm.testing.Api.Reply;
import org.slurmllm.testing.Deployments;
import org.slurmllm.testing.Eventually;
import org.slurmllm.testing.Models;
import org.slurmllm.testing.RemoveNewModels;

/**
 * What one tenant's batches can make the service hold: chunks (SLURM jobs) per batch, and batches
 * in progress (threads of the batch pool). The test server makes chunks of 10 requests, allows 25
 * chunks a batch and has the default 40 batch threads and 2 batches in progress per tenant.
 */
@ExtendWith({ArquillianExtension.class, RemoveNewModels.class})
class BatchBoundsIT {

  static final Duration DONE = Duration.ofSeconds(240);

  @Deployment(testable = false)
  static WebArchive app() {
    return Deployments.application();
  }

  final Api api = Api.ofTestServer();
  final Access access = new Access(api);

  String simModel(String profile) {
    String name = Models.uniqueName("bounds");
    Reply created =
        api.post(
            "/api/models",
            """
            {"name":"%s","engine":"sim","engineArgs":["--profile","%s"],
             "resources":{"gpus":0,"cpus":1,"memoryGb":1,"timeLimitMinutes":30},
             "scaling":{"minReplicas":0,"maxReplicas":1,"targetConcurrency":8,"idleMinutes":10}}"""
                .formatted(name, profile));
    assertEquals(201, created.status(), created::toString);
    return name;
  }

  static String request(String customId, String model, int maxTokens, String prompt) {
    return """
        {"custom_id":"%s","method":"POST","url":"/v1/chat/completions","body":{"model":"%s","messages":[{"role":"user","content":"%s"}],"max_tokens":%d}}"""
        .formatted(customId, model, prompt, maxTokens);
  }

  static String fileOf(Api as, List<String> lines) {
    Reply reply =
        as.upload(
            "/v1/files",
            "batch",
            "input.jsonl",
            (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    assertEquals(200, reply.status(), reply::toString);
    return reply.json().getString("id");
  }

  static String batchOf(Api as, String fileId) {
    Reply reply =
        as.post(
            "/v1/batches",
            """
            {"input_file_id":"%s","endpoint":"/v1/chat/completions","completion_window":"24h"}"""
                .formatted(fileId));
    assertEquals(200, reply.status(), reply::toString);
    return reply.json().getString("id");
  }

  JsonObject awaitStatus(Api as, String batchId, Set<String> statuses) {
    return Eventually.await(
        "batch " + batchId + " in " + statuses,
        DONE,
        () -> as.get("/v1/batches/" + batchId).json(),
        b -> statuses.contains(b.getString("status")));
  }

  List<JsonObject> chunks(String batchId) {
    return api.get("/api/batches/" + batchId + "/chunks")
        .json()
        .getJsonArray("data")
        .getValuesAs(JsonObject.class);
  }

  List<JsonObject> content(String fileId) {
    Reply reply = api.get("/v1/files/" + fileId + "/content");
    assertEquals(200, reply.status(), reply::toString);
    return reply
        .body()
        .lines()
        .filter(l -> !l.isBlank())
        .map(l -> Json.createReader(new StringReader(l)).readObject())
        .toList();
  }

  @Test
  void aFileAlternatingTwoModelsMakesOneChunkPerTenOfEachModelAndAnswersInInputOrder() {
    String a = simModel("instant");
    String b = simModel("instant");
    List<String> lines = new ArrayList<>();
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      lines.add(request("r" + i, i % 2 == 0 ? a : b, 4, "echo: answer r" + i));
      expected.add("r" + i);
      if (i == 50) {
        lines.add(request("bad-model", "no-such-model-anywhere", 4, "hi")); // input line 52
      }
      if (i == 150) {
        lines.add("{\"custom_id\":\"broken\""); // input line 153
      }
    }
    String id = batchOf(api, fileOf(api, lines));

    JsonObject batch = awaitStatus(api, id, Set.of("completed", "failed", "cancelled"));
    assertEquals("completed", batch.getString("status"), batch::toString);
    List<JsonObject> chunks = chunks(id);
    // before, a new chunk began whenever the model changed: 200 chunks, 200 SLURM jobs
    assertEquals(20, chunks.size(), "100 lines of each model in chunks of 10: " + chunks.size());
    for (String model : List.of(a, b)) {
      assertEquals(
          10, chunks.stream().filter(c -> c.getString("model").equals(model)).count(), model);
    }
    assertTrue(chunks.stream().allMatch(c -> c.getInt("requests") == 10));
    assertEquals(200, batch.getJsonObject("request_counts").getInt("completed"), batch::toString);
    List<JsonObject> output = content(batch.getString("output_file_id"));
    assertEquals(
        expected,
        output.stream().map(o -> o.getString("custom_id")).toList(),
        "every custom_id answered once, in input order");
    JsonObject first = output.get(1).getJsonObject("response").getJsonObject("body");
    assertEquals(b, first.getString("model"), "line 2 answered by its own model");
    List<JsonObject> errors = content(batch.getString("error_file_id"));
    assertEquals(
        List.of(52, 153),
        errors.stream().map(e -> e.getJsonObject("error").getInt("line")).toList(),
        "refused lines between the chunks' lines, in input order");
  }

  @Test
  void aFileThatWouldMakeMoreChunksThanAllowedFailsValidationNamingTheLimit() {
    String model = simModel("instant");
    // 251 requests of one model in chunks of 10: 26 chunks, one over the test server's 25
    List<String> lines =
        IntStream.rangeClosed(1, 251).mapToObj(i -> request("m" + i, model, 4, "hi")).toList();
    String id = batchOf(api, fileOf(api, lines));

    JsonObject batch = awaitStatus(api, id, Set.of("completed", "failed", "in_progress"));
    assertEquals("failed", batch.getString("status"), batch::toString);
    JsonObject error = batch.getJsonObject("errors").getJsonArray("data").getJsonObject(0);
    assertEquals("too_many_chunks", error.getString("code"), error::toString);
    assertTrue(error.getString("message").contains("25"), error::toString);
    assertTrue(error.getString("message").contains("SLURMLLM_BATCH_MAX_CHUNKS"), error::toString);
    assertEquals(List.of(), chunks(id), "no chunk, no SLURM job");

    // the service still runs a batch within the bound
    String small = batchOf(api, fileOf(api, lines.subList(0, 3)));
    JsonObject done = awaitStatus(api, small, Set.of("completed", "failed"));
    assertEquals("completed", done.getString("status"), done::toString);
  }

  @Test
  void aTenantsBatchesBeyondItsLimitWaitAndAnotherTenantsBatchStillCompletes() {
    String slow = simModel("llama-3.1-70b");
    String instant = simModel("instant");
    Access.Key userA = access.key(access.tenant("flood"), "user");
    Access.Key userB = access.key(access.tenant("other"), "user");
    Api a = access.as(userA);
    Api b = access.as(userB);
    // one chunk job of 3 requests of 2,000 tokens: over 90 s at the 70B profile's 45 ms a token
    String slowFile =
        fileOf(
            a,
            IntStream.rangeClosed(1, 3)
                .mapToObj(i -> request("s" + i, slow, 2000, "tell a long story about " + i))
                .toList());
    // more batches than the batch pool has threads (40)
    List<String> flood = new ArrayList<>();
    for (int i = 0; i < 41; i++) {
      flood.add(batchOf(a, slowFile));
    }
    try {
      for (String id : flood.subList(0, 2)) {
        Eventually.await(
            "batch " + id + " running its chunk",
            DONE,
            () -> chunks(id),
            c -> !c.isEmpty() && !c.get(0).isNull("jobId"));
      }

      String other =
          batchOf(
              b,
              fileOf(
                  b,
                  List.of(
                      request("o1", instant, 4, "echo: answer o1"),
                      request("o2", instant, 4, "echo: answer o2"))));
      JsonObject done = awaitStatus(b, other, Set.of("completed", "failed", "cancelled"));
      assertEquals("completed", done.getString("status"), done::toString);
      assertEquals(2, done.getJsonObject("request_counts").getInt("completed"), done::toString);

      for (String id : flood.subList(2, flood.size())) {
        JsonObject waiting = a.get("/v1/batches/" + id).json();
        assertEquals("validating", waiting.getString("status"), "over the tenant's limit: " + id);
        assertEquals(List.of(), chunks(id), "not even split while it waits: " + id);
      }
      for (String id : flood.subList(0, 2)) {
        assertEquals("in_progress", a.get("/v1/batches/" + id).json().getString("status"));
      }

      // one of the tenant's batches ends: its next one starts
      a.post("/v1/batches/" + flood.get(0) + "/cancel", "");
      awaitStatus(a, flood.get(0), Set.of("cancelled"));
      Eventually.await(
          "the tenant's third batch started", DONE, () -> chunks(flood.get(2)), c -> !c.isEmpty());
      assertEquals("validating", a.get("/v1/batches/" + flood.get(3)).json().getString("status"));
    } finally {
      // the waiting ones first: a running one's end would start the next in the queue
      for (int i = flood.size() - 1; i >= 0; i--) {
        a.post("/v1/batches/" + flood.get(i) + "/cancel", "");
      }
      for (String id : flood) {
        awaitStatus(a, id, Set.of("cancelled", "completed", "failed"));
      }
    }
  }
}
