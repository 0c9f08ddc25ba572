package org.slurmllm.bulk.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
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
import org.slurmllm.testing.RemoveNewModels;
import org.slurmllm.testing.Slurm;
import org.slurmllm.testing.TestDatabase;

/**
 * OpenAI Files and Batches end to end: chunk jobs on the development SLURM cluster (the test server
 * makes chunks of 10 requests), the worker's run-batch with the sim engine.
 */
@ExtendWith({ArquillianExtension.class, RemoveNewModels.class})
class BulkIT {

  static final Duration DONE = Duration.ofSeconds(180);

  @Deployment(testable = false)
  static WebArchive app() {
    return Deployments.application();
  }

  final Api api = Api.ofTestServer();

  String simModel(String profile) {
    String name = Models.uniqueName("bulk");
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

  static String request(String customId, String model, int maxTokens) {
    return """
        {"custom_id":"%s","method":"POST","url":"/v1/chat/completions","body":{"model":"%s","messages":[{"role":"user","content":"echo: answer %s"}],"max_tokens":%d}}"""
        .formatted(customId, model, customId, maxTokens);
  }

  /** A request of 200 generated tokens: about 9 s with the 70B profile. */
  static String slowRequest(String customId, String model) {
    return request(customId, model, 200).replace("echo: answer", "tell a long story about");
  }

  String upload(List<String> lines) {
    Reply reply =
        api.upload(
            "/v1/files",
            "batch",
            "input.jsonl",
            (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    assertEquals(200, reply.status(), reply::toString);
    assertEquals("file", reply.json().getString("object"));
    return reply.json().getString("id");
  }

  JsonObject startBatch(String fileId) {
    Reply reply =
        api.post(
            "/v1/batches",
            """
            {"input_file_id":"%s","endpoint":"/v1/chat/completions","completion_window":"24h",
             "metadata":{"team":"it"}}"""
                .formatted(fileId));
    assertEquals(200, reply.status(), reply::toString);
    return reply.json();
  }

  JsonObject awaitStatus(String batchId, Set<String> statuses) {
    return Eventually.await(
        "batch " + batchId + " in " + statuses,
        DONE,
        () -> api.get("/v1/batches/" + batchId).json(),
        b -> statuses.contains(b.getString("status")));
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

  JsonObject awaitChunkRunning(String batchId) {
    return Eventually.await(
        "a chunk running",
        DONE,
        () -> api.get("/api/batches/" + batchId + "/chunks").json(),
        c ->
            c.getJsonArray("data").getValuesAs(JsonObject.class).stream()
                .anyMatch(x -> x.getString("state").equals("RUNNING")));
  }

  /** The custom_ids of the batch's output file (none if it has none). */
  List<String> answeredIds(JsonObject batch) {
    List<String> seen = new ArrayList<>();
    if (!batch.isNull("output_file_id")) {
      seen.addAll(customIds(content(batch.getString("output_file_id"))));
    }
    return seen;
  }

  static List<String> customIds(List<JsonObject> lines) {
    return lines.stream()
        .map(l -> l.isNull("custom_id") ? null : l.getString("custom_id"))
        .collect(Collectors.toList());
  }

  @Test
  void goodLinesAreAnsweredInOrderAndEachBadLineFailsAloneIntoTheErrorFile() {
    String model = simModel("instant");
    List<String> lines = new ArrayList<>();
    IntStream.rangeClosed(1, 12).forEach(i -> lines.add(request("a-" + i, model, 4)));
    lines.add("{\"custom_id\":\"broken\",\"method\":\"POST\""); // malformed JSON
    lines.add(request("a-3", model, 4)); // duplicate custom_id
    IntStream.rangeClosed(13, 20).forEach(i -> lines.add(request("a-" + i, model, 4)));
    lines.add(request("wrong-url", model, 4).replace("/v1/chat/completions", "/v1/embeddings"));
    lines.add(request("no-model", "no-such-model-anywhere", 4));
    lines.add(request("", model, 4).replace("\"custom_id\":\"\",", "")); // no custom_id
    IntStream.rangeClosed(21, 25).forEach(i -> lines.add(request("a-" + i, model, 4)));
    String fileId = upload(lines);

    JsonObject created = startBatch(fileId);
    assertEquals("batch", created.getString("object"));
    assertEquals("validating", created.getString("status"));
    assertEquals("it", created.getJsonObject("metadata").getString("team"));
    String id = created.getString("id");

    JsonObject batch = awaitStatus(id, Set.of("completed", "failed"));
    assertEquals("completed", batch.getString("status"), batch::toString);
    JsonObject counts = batch.getJsonObject("request_counts");
    assertEquals(30, counts.getInt("total"));
    assertEquals(25, counts.getInt("completed"));
    assertEquals(5, counts.getInt("failed"));
    assertTrue(batch.getJsonNumber("completed_at").longValue() > 0);

    List<JsonObject> output = content(batch.getString("output_file_id"));
    List<String> expected =
        IntStream.rangeClosed(1, 25).mapToObj(i -> "a-" + i).collect(Collectors.toList());
    assertEquals(expected, customIds(output), "every good line once, in input order");
    JsonObject first = output.get(0);
    assertEquals(200, first.getJsonObject("response").getInt("status_code"));
    assertEquals(
        "answer a-1",
        first
            .getJsonObject("response")
            .getJsonObject("body")
            .getJsonArray("choices")
            .getJsonObject(0)
            .getJsonObject("message")
            .getString("content"));

    List<JsonObject> errors = content(batch.getString("error_file_id"));
    assertEquals(
        List.of(
            "invalid_json",
            "duplicate_custom_id",
            "invalid_url",
            "model_not_found",
            "missing_custom_id"),
        errors.stream().map(e -> e.getJsonObject("error").getString("code")).toList(),
        "one error line per bad line, in input order");
    assertEquals(
        Arrays.asList("broken", "a-3", "wrong-url", "no-model", null),
        customIds(errors),
        "the custom_id, also of the malformed line, read up to where it broke");
    assertEquals(
        List.of(13, 14, 23, 24, 25),
        errors.stream().map(e -> e.getJsonObject("error").getInt("line")).toList(),
        "each error names its input line");

    Path batches = Path.of("target", "shared", "batches");
    assertTrue(Files.isDirectory(batches), "the test server's shared directory");
    assertFalse(
        Files.exists(batches.resolve(id)),
        "the batch's working files are gone once its output and error files exist");
    JsonObject chunks = api.get("/api/batches/" + id + "/chunks").json();
    List<JsonObject> data = chunks.getJsonArray("data").getValuesAs(JsonObject.class);
    assertEquals(3, data.size(), "25 requests in chunks of 10");
    assertEquals(List.of(10, 10, 5), data.stream().map(c -> c.getInt("requests")).toList());
    for (JsonObject c : data) {
      assertEquals("DONE", c.getString("state"));
      assertEquals(1, c.getInt("attempts"));
      assertNotNull(c.getString("jobId"));
      assertEquals("COMPLETED", Slurm.jobState(c.getString("jobId")));
    }
    api.delete("/api/models/" + model);
  }

  @Test
  void aChunkJobCancelledFromOutsideIsRunAgainAndNothingIsLostOrDoubled() {
    // 70B profile, 200 tokens: about 9 s a request, so a chunk job is still running when cancelled
    String model = simModel("llama-3.1-70b");
    List<String> lines =
        IntStream.rangeClosed(1, 20).mapToObj(i -> slowRequest("c-" + i, model)).toList();
    String id = startBatch(upload(lines)).getString("id");

    JsonObject running = awaitChunkRunning(id);
    JsonObject victim =
        running.getJsonArray("data").getValuesAs(JsonObject.class).stream()
            .filter(x -> x.getString("state").equals("RUNNING"))
            .findFirst()
            .orElseThrow();
    Slurm.scancel(victim.getString("jobId"));

    JsonObject batch = awaitStatus(id, Set.of("completed", "failed"));
    assertEquals("completed", batch.getString("status"), batch::toString);
    assertEquals(20, batch.getJsonObject("request_counts").getInt("completed"));
    assertEquals(0, batch.getJsonObject("request_counts").getInt("failed"));
    assertEquals(
        IntStream.rangeClosed(1, 20).mapToObj(i -> "c-" + i).toList(),
        customIds(content(batch.getString("output_file_id"))),
        "each custom_id exactly once, in order");
    JsonObject rerun =
        api
            .get("/api/batches/" + id + "/chunks")
            .json()
            .getJsonArray("data")
            .getValuesAs(JsonObject.class)
            .stream()
            .filter(c -> c.getInt("index") == victim.getInt("index"))
            .findFirst()
            .orElseThrow();
    assertEquals(2, rerun.getInt("attempts"), "the cancelled chunk ran again: " + rerun);
    assertTrue(!rerun.getString("jobId").equals(victim.getString("jobId")));
    api.delete("/api/models/" + model);
  }

  @Test
  void aChunkJobRequeuedBySlurmRunsAgainWithoutSpendingAnAttemptOrRepeatingLines() {
    String model = simModel("llama-3.1-70b");
    List<String> lines =
        IntStream.rangeClosed(1, 10).mapToObj(i -> slowRequest("q-" + i, model)).toList();
    String id = startBatch(upload(lines)).getString("id");
    JsonObject victim =
        awaitChunkRunning(id).getJsonArray("data").getValuesAs(JsonObject.class).stream()
            .filter(x -> x.getString("state").equals("RUNNING"))
            .findFirst()
            .orElseThrow();
    String job = victim.getString("jobId");
    // what preemption with PreemptMode=REQUEUE does to a running job
    String out = Slurm.run(Slurm.tool("scontrol"), "requeue", job);
    assertTrue(out.isBlank(), "scontrol requeue: " + out);

    JsonObject batch = awaitStatus(id, Set.of("completed", "failed"));
    assertEquals("completed", batch.getString("status"), batch::toString);
    assertEquals(
        IntStream.rangeClosed(1, 10).mapToObj(i -> "q-" + i).toList(),
        customIds(content(batch.getString("output_file_id"))),
        "each custom_id exactly once, in order");
    JsonObject chunk =
        api.get("/api/batches/" + id + "/chunks").json().getJsonArray("data").getJsonObject(0);
    assertEquals(1, chunk.getInt("attempts"), "a requeue is no failed attempt: " + chunk);
    assertEquals(job, chunk.getString("jobId"), "the same job ran again");
    api.delete("/api/models/" + model);
  }

  @Test
  void aCancelledBatchKeepsWhatWasAnsweredAndAccountsForEveryRequest() {
    String model = simModel("llama-3.1-70b");
    List<String> lines =
        IntStream.rangeClosed(1, 60).mapToObj(i -> slowRequest("x-" + i, model)).toList();
    String id = startBatch(upload(lines)).getString("id");
    awaitChunkRunning(id);

    Reply cancel = api.post("/v1/batches/" + id + "/cancel", "");
    assertEquals(200, cancel.status(), cancel::toString);
    assertTrue(
        Set.of("cancelling", "cancelled").contains(cancel.json().getString("status")),
        cancel::toString);
    JsonObject batch = awaitStatus(id, Set.of("cancelled", "completed", "failed"));
    assertEquals("cancelled", batch.getString("status"), batch::toString);
    assertTrue(batch.getJsonNumber("cancelled_at").longValue() > 0);

    List<String> seen = answeredIds(batch);
    List<JsonObject> errors = content(batch.getString("error_file_id"));
    assertTrue(
        errors.stream()
            .allMatch(e -> e.getJsonObject("error").getString("code").equals("batch_cancelled")));
    seen.addAll(customIds(errors));
    assertEquals(
        IntStream.rangeClosed(1, 60).mapToObj(i -> "x-" + i).collect(Collectors.toSet()),
        Set.copyOf(seen));
    assertEquals(60, seen.size(), "every request exactly once in output or errors");
    for (JsonObject c :
        api.get("/api/batches/" + id + "/chunks")
            .json()
            .getJsonArray("data")
            .getValuesAs(JsonObject.class)) {
      if (!c.isNull("jobId")) {
        String state = Slurm.squeueState(c.getString("jobId"));
        assertTrue(state.isEmpty() || state.equals("COMPLETING"), "no chunk job left: " + state);
      }
    }
    api.delete("/api/models/" + model);
  }

  @Test
  void aBatchPastItsCompletionWindowExpiresKeepingWhatWasAnswered() throws Exception {
    String model = simModel("llama-3.1-70b");
    List<String> lines =
        IntStream.rangeClosed(1, 60).mapToObj(i -> slowRequest("e-" + i, model)).toList();
    String id = startBatch(upload(lines)).getString("id");
    awaitChunkRunning(id);
    // 24 hours pass: the window's end is moved to the past, as the clock would
    try (var db = TestDatabase.connect();
        var update =
            db.prepareStatement(
                "update app.batches set expires_at = now() - interval '1 second' where id = ?")) {
      update.setString(1, id);
      assertEquals(1, update.executeUpdate());
    }

    JsonObject batch = awaitStatus(id, Set.of("expired", "completed", "failed", "cancelled"));
    assertEquals("expired", batch.getString("status"), batch::toString);
    assertTrue(batch.getJsonNumber("expired_at").longValue() > 0);
    List<String> seen = answeredIds(batch);
    List<JsonObject> errors = content(batch.getString("error_file_id"));
    assertTrue(
        errors.stream()
            .allMatch(e -> e.getJsonObject("error").getString("code").equals("batch_expired")),
        "unanswered requests are reported as expired");
    seen.addAll(customIds(errors));
    assertEquals(60, seen.size());
    assertEquals(60, Set.copyOf(seen).size(), "every request exactly once");
    api.delete("/api/models/" + model);
  }

  @Test
  void badRequestsAreRefusedNamingTheField() {
    String model = simModel("instant");
    String fileId = upload(List.of(request("one", model, 2)));

    Reply notMultipart = api.post("/v1/files", "{\"file\":\"x\"}");
    assertEquals(400, notMultipart.status(), notMultipart::toString);
    assertEquals("invalid_request_error", notMultipart.error().getString("type"));
    Reply noFile =
        api.send(
            "POST",
            "/v1/files",
            "multipart/form-data; boundary=b",
            "--b\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n--b--\r\n");
    assertEquals(400, noFile.status(), noFile::toString);
    assertEquals("file", noFile.error().getString("param"));

    Reply wrongPurpose = api.upload("/v1/files", "fine-tune", "x.jsonl", "{}".getBytes());
    assertEquals(400, wrongPurpose.status());
    assertEquals("purpose", wrongPurpose.error().getString("param"));

    assertParam(
        api.post(
            "/v1/batches", "{\"endpoint\":\"/v1/chat/completions\",\"completion_window\":\"24h\"}"),
        "input_file_id");
    assertParam(
        api.post(
            "/v1/batches",
            "{\"input_file_id\":\"file-nope\",\"endpoint\":\"/v1/chat/completions\",\"completion_window\":\"24h\"}"),
        "input_file_id");
    assertParam(
        api.post(
            "/v1/batches",
            "{\"input_file_id\":\""
                + fileId
                + "\",\"endpoint\":\"/v1/moderations\",\"completion_window\":\"24h\"}"),
        "endpoint");
    assertParam(
        api.post(
            "/v1/batches",
            "{\"input_file_id\":\""
                + fileId
                + "\",\"endpoint\":\"/v1/chat/completions\",\"completion_window\":\"48h\"}"),
        "completion_window");
    assertParam(
        api.post(
            "/v1/batches",
            "{\"input_file_id\":\""
                + fileId
                + "\",\"endpoint\":\"/v1/chat/completions\",\"completion_window\":\"24h\",\"metadata\":{\"n\":1}}"),
        "metadata");
    assertEquals(404, api.get("/v1/batches/batch_nope").status());
    assertParam(api.get("/v1/batches?limit=many"), "limit");
    assertParam(api.get("/v1/files?limit=0"), "limit");
    assertEquals(404, api.get("/v1/files/file-nope/content").status());

    Reply empty = api.upload("/v1/files", "batch", "empty.jsonl", "\n\n".getBytes());
    JsonObject failed =
        awaitStatus(
            startBatch(empty.json().getString("id")).getString("id"),
            Set.of("failed", "completed"));
    assertEquals("failed", failed.getString("status"));
    assertEquals(
        "empty_file",
        failed.getJsonObject("errors").getJsonArray("data").getJsonObject(0).getString("code"));

    JsonObject file = api.get("/v1/files/" + fileId).json();
    assertEquals(64, file.getString("sha256").length());
    assertTrue(file.getInt("bytes") > 0);
    assertEquals(200, api.delete("/v1/files/" + fileId).status());
    assertEquals(404, api.get("/v1/files/" + fileId).status());
    api.delete("/api/models/" + model);
  }

  @Test
  void filesLargerThanTheListenersDefaultAreTakenAndFilesOverTheLimitRefusedWith413() {
    byte[] twelveMb = new byte[12 * 1024 * 1024];
    Arrays.fill(twelveMb, (byte) 'x');
    twelveMb[twelveMb.length - 1] = '\n';
    Reply big = api.upload("/v1/files", "batch", "big.jsonl", twelveMb);
    assertEquals(200, big.status(), big::toString);
    assertEquals(twelveMb.length, big.json().getInt("bytes"));
    assertEquals(200, api.get("/v1/files/" + big.json().getString("id") + "/content").status());

    byte[] tooBig = new byte[17 * 1024 * 1024]; // the test server's limit is 16 MB
    Reply refused = api.upload("/v1/files", "batch", "huge.jsonl", tooBig);
    assertEquals(413, refused.status(), refused::toString);
    assertEquals("file_too_large", refused.error().getString("code"));
    api.delete("/v1/files/" + big.json().getString("id"));
  }

  @Test
  void aLineLongerThanTheBoundFailsAloneAndTheOthersRun() {
    String model = simModel("instant");
    // the default bound, 1 MB: one line of 2 MB between two good ones
    String huge =
        request("huge", model, 4)
            .replace("\"max_tokens\"", "\"pad\":\"" + "p".repeat(2 << 20) + "\",\"max_tokens\"");
    String fileId = upload(List.of(request("before", model, 4), huge, request("after", model, 4)));
    JsonObject batch =
        awaitStatus(startBatch(fileId).getString("id"), Set.of("completed", "failed"));
    assertEquals("completed", batch.getString("status"), batch::toString);
    assertEquals(2, batch.getJsonObject("request_counts").getInt("completed"));
    assertEquals(1, batch.getJsonObject("request_counts").getInt("failed"));
    assertEquals(List.of("before", "after"), customIds(content(batch.getString("output_file_id"))));
    JsonObject error = content(batch.getString("error_file_id")).get(0);
    assertEquals("line_too_long", error.getJsonObject("error").getString("code"), error::toString);
    assertEquals(2, error.getJsonObject("error").getInt("line"), error::toString);
    assertEquals("huge", error.getString("custom_id"), "read from the line's beginning");
    api.delete("/api/models/" + model);
  }

  static void assertParam(Reply reply, String param) {
    assertEquals(400, reply.status(), reply::toString);
    assertEquals(param, reply.error().getString("param"), reply::toString);
  }
}
