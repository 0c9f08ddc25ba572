package org.slurmllm.tribunal.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
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
import org.slurmllm.testing.TestDatabase;

/** Tribunals end to end: sim models (and the tiny real one as a judge) on the dev SLURM cluster. */
@ExtendWith({ArquillianExtension.class, RemoveNewModels.class})
class TribunalIT {

  @Deployment(testable = false)
  static WebArchive app() {
    return Deployments.application();
  }

  final Api api = Api.ofTestServer();

  String sim(String prefix, String... args) {
    return Models.simWith(api, prefix, args);
  }

  JsonObject run(String body, Set<String> ends) {
    Reply created = api.post("/api/tribunals", body);
    assertEquals(202, created.status(), created::toString);
    assertEquals("queued", created.json().getString("status"));
    String id = created.json().getString("id");
    return Eventually.await(
        "tribunal " + id + " ended",
        Duration.ofSeconds(120),
        () -> api.get("/api/tribunals/" + id).json(),
        t -> ends.contains(t.getString("status")));
  }

  static List<JsonObject> steps(JsonObject t, String role) {
    return t.getJsonArray("steps").getValuesAs(JsonObject.class).stream()
        .filter(s -> s.getString("role").equals(role))
        .toList();
  }

  @Test
  void twoProposersOneJudgeTwoRoundsReachAVerdictWithTheWholeTranscript() {
    String a = sim("tra", "--profile", "instant");
    String b = sim("trb", "--profile", "instant");
    String j = sim("trj", "--profile", "instant");
    for (String aggregation : List.of("best", "vote", "synthesize")) {
      JsonObject t =
          run(
              """
              {"prompt":"Name a prime number.","panel":["%s","%s"],"judges":["%s"],"rounds":2,
               "aggregation":"%s","maxTokens":8}"""
                  .formatted(a, b, j, aggregation),
              Set.of("completed", "failed"));
      assertEquals("completed", t.getString("status"), t::toString);
      JsonObject verdict = t.getJsonObject("verdict");
      assertFalse(verdict.getString("text").isBlank());
      List<JsonObject> proposals = steps(t, "proposer");
      List<JsonObject> judgings = steps(t, "judge");
      assertTrue(proposals.size() >= 2 && judgings.size() >= 1, t::toString);
      for (JsonObject s : proposals) {
        assertFalse(s.isNull("replica"), "each call names its replica");
        assertTrue(s.getInt("completionTokens") >= 1);
        assertTrue(s.getJsonNumber("latencyMs").longValue() >= 0);
      }
      JsonObject lastJudging = judgings.get(judgings.size() - 1);
      List<JsonObject> scores = lastJudging.getJsonArray("scores").getValuesAs(JsonObject.class);
      assertEquals(
          Set.of(a, b), scores.stream().map(s -> s.getString("model")).collect(Collectors.toSet()));
      double top =
          scores.stream()
              .mapToDouble(s -> s.getJsonNumber("score").doubleValue())
              .max()
              .orElseThrow();
      if (aggregation.equals("best")) {
        assertEquals(top, verdict.getJsonNumber("score").doubleValue(), 1e-9);
        assertTrue(Set.of(a, b).contains(verdict.getString("model")));
        if (t.getInt("roundsRun") == 2) {
          assertTrue(
              proposals.get(2).getString("prompt").contains("What the judges said"),
              "round 2 refines with the critiques");
        }
      }
      if (aggregation.equals("synthesize")) {
        assertEquals(1, steps(t, "aggregator").size());
        assertEquals(j, verdict.getString("model"), "the aggregator (first judge) wrote it");
      }
    }
    List.of(a, b, j).forEach(m -> api.delete("/api/models/" + m));
  }

  @Test
  void aFailingProposerIsDroppedWhileTheQuorumHoldsAndFailsTheTribunalBelowIt() {
    String good = sim("trg", "--profile", "instant");
    String bad = sim("trx", "--profile", "instant", "--error-rate", "1");
    String j = sim("trj", "--profile", "instant");
    JsonObject held =
        run(
            """
            {"prompt":"Name a prime number.","panel":["%s","%s"],"judges":["%s"],"rounds":1,"quorum":1}"""
                .formatted(good, bad, j),
            Set.of("completed", "failed"));
    assertEquals("completed", held.getString("status"), held::toString);
    assertEquals(good, held.getJsonObject("verdict").getString("model"));
    assertTrue(
        steps(held, "proposer").stream()
            .anyMatch(
                s ->
                    s.getString("model").equals(bad)
                        && s.getString("error").startsWith("dropped")));

    JsonObject lost =
        run(
            """
            {"prompt":"Name a prime number.","panel":["%s","%s"],"judges":["%s"],"rounds":1,"quorum":2}"""
                .formatted(good, bad, j),
            Set.of("completed", "failed"));
    assertEquals("failed", lost.getString("status"));
    assertTrue(lost.getString("error").contains("quorum"), lost::toString);
    List.of(good, bad, j).forEach(m -> api.delete("/api/models/" + m));
  }

  @Test
  void aReplicaRefusingTheRequestIsRecordedWithItsOwn4xx() {
    String good = sim("trg", "--profile", "instant");
    String j = sim("trj", "--profile", "instant");
    // a context of 16 tokens: the sim engine counts four characters a token, so the prompt below
    // (about 50 tokens) is refused by the replica itself with 400 context_length_exceeded
    String small = Models.uniqueName("trs");
    Reply created =
        api.post(
            "/api/models",
            """
            {"name":"%s","engine":"sim","engineArgs":["--profile","instant"],"contextLength":16,
             "resources":{"gpus":0,"cpus":1,"memoryGb":1,"timeLimitMinutes":30},
             "scaling":{"minReplicas":1,"maxReplicas":1,"targetConcurrency":8,"idleMinutes":10}}"""
                .formatted(small));
    assertEquals(201, created.status(), created::toString);
    String prompt = "Name a prime number. ".repeat(10);
    JsonObject t =
        run(
            """
            {"prompt":"%s","panel":["%s","%s"],"judges":["%s"],"rounds":1,"quorum":1,"maxTokens":8}"""
                .formatted(prompt, good, small, j),
            Set.of("completed", "failed"));
    assertEquals("completed", t.getString("status"), t::toString);
    JsonObject refused =
        steps(t, "proposer").stream()
            .filter(s -> s.getString("model").equals(small))
            .findFirst()
            .orElseThrow();
    assertTrue(refused.getString("error").contains("status 400"), refused::toString);
    JsonObject ledger =
        Eventually.await(
            "the refused call in the ledger",
            Duration.ofSeconds(30),
            () -> api.get("/api/usage?kind=tribunal&model=" + small).json(),
            u -> !u.getJsonArray("data").isEmpty());
    assertEquals(
        List.of(400),
        ledger.getJsonArray("data").getValuesAs(JsonObject.class).stream()
            .map(r -> r.getInt("status"))
            .toList(),
        "the replica's 400, not the gateway's 502");
    List.of(good, small, j).forEach(m -> api.delete("/api/models/" + m));
  }

  @Test
  void aJudgeWritingNoVerdictIsAskedAgainThenCountedMissing() {
    String a = sim("tra", "--profile", "instant");
    String b = sim("trb", "--profile", "instant");
    String j = sim("trj", "--profile", "instant");
    String tiny = Models.tinyServing(api, "trtiny");
    // the tiny story model cannot write JSON verdicts: its judging is garbage
    JsonObject t =
        run(
            """
            {"prompt":"Once upon a time","panel":["%s","%s"],"judges":["%s","%s"],"rounds":1,"maxTokens":8}"""
                .formatted(a, b, tiny, j),
            Set.of("completed", "failed"));
    assertEquals("completed", t.getString("status"), t::toString);
    List<String> tinyErrors =
        steps(t, "judge").stream()
            .filter(s -> s.getString("model").equals(tiny))
            .map(s -> s.getString("error"))
            .toList();
    assertEquals(
        List.of("unreadable verdict; asked again", "unreadable verdict; missing"), tinyErrors);
    List.of(a, b, j, tiny).forEach(m -> api.delete("/api/models/" + m));
  }

  @Test
  void progressStreamsAsServerSentEventsUntilTheEnd() throws Exception {
    String a = sim("tra", "--profile", "instant");
    String j = sim("trj", "--profile", "instant");
    Reply created =
        api.post(
            "/api/tribunals",
            """
            {"prompt":"Name a prime number.","panel":["%s"],"judges":["%s"],"rounds":2,"quorum":1}"""
                .formatted(a, j));
    String id = created.json().getString("id");
    var response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:"
                                + System.getProperty("it.http.port", "8180")
                                + "/api/tribunals/"
                                + id
                                + "/events"))
                    .header("Accept", "text/event-stream")
                    .header("Authorization", "Bearer " + Api.adminKey())
                    .timeout(Duration.ofSeconds(60))
                    .build(),
                HttpResponse.BodyHandlers.ofLines());
    assertEquals(200, response.statusCode());
    List<String> lines = response.body().toList(); // ends when the tribunal does
    long steps = lines.stream().filter(l -> l.equals("event: step")).count();
    assertTrue(steps >= 4, "2 rounds of a proposer and a judge: " + lines);
    String last =
        lines.stream().filter(l -> l.startsWith("data:")).reduce((x, y) -> y).orElseThrow();
    assertTrue(last.contains("\"status\":\"completed\""), last);
    List.of(a, j).forEach(m -> api.delete("/api/models/" + m));
  }

  /** A 3-round tribunal whose proposer takes about 5 s a call, once it runs; its id. */
  String slowTribunalRunning() {
    String a = sim("trs", "--profile", "llama-3.1-70b");
    String j = sim("trj", "--profile", "instant");
    String id =
        api.post(
                "/api/tribunals",
                """
                {"prompt":"Tell a long story.","panel":["%s"],"judges":["%s"],"rounds":3,"quorum":1,
                 "maxTokens":100}"""
                    .formatted(a, j))
            .json()
            .getString("id");
    Eventually.await(
        "running",
        Duration.ofSeconds(30),
        () -> api.get("/api/tribunals/" + id).json(),
        t -> t.getString("status").equals("running"));
    return id;
  }

  @Test
  void aCancelledTribunalStartsNothingNew() throws Exception {
    String id = slowTribunalRunning();
    Reply cancel = api.post("/api/tribunals/" + id + "/cancel", "");
    assertEquals(200, cancel.status(), cancel::toString);
    assertEquals("cancelled", cancel.json().getString("status"));
    Thread.sleep(8000); // the proposer's call in flight (about 5 s) ends meanwhile
    JsonObject t = api.get("/api/tribunals/" + id).json();
    assertEquals("cancelled", t.getString("status"));
    assertTrue(
        t.getJsonArray("steps").getValuesAs(JsonObject.class).stream()
            .allMatch(s -> s.getInt("round") == 1 && s.getString("role").equals("proposer")),
        "only the call in flight was recorded: " + t.getJsonArray("steps"));
  }

  @Test
  void aCancelThroughAnotherGatewayStopsTheRunnerToo() throws Exception {
    String id = slowTribunalRunning();
    // what a cancel through another gateway does here: the record says cancelled, nothing else
    try (var db = TestDatabase.connect();
        var update =
            db.prepareStatement(
                "update app.tribunals set status = 'cancelled', ended_at = now() where id = ?")) {
      update.setString(1, id);
      assertEquals(1, update.executeUpdate());
    }
    Thread.sleep(8000); // the proposer's call in flight (about 5 s) ends meanwhile
    JsonObject t = api.get("/api/tribunals/" + id).json();
    assertEquals("cancelled", t.getString("status"));
    assertTrue(
        t.getJsonArray("steps").getValuesAs(JsonObject.class).stream()
            .allMatch(s -> s.getInt("round") == 1 && s.getString("role").equals("proposer")),
        "no judging and no later round: " + t.getJsonArray("steps"));
  }

  @Test
  void judgesOnThePanelNeverScoreTheirOwnAnswerAndSeeTheAnswersInTheirOwnOrder() {
    String a = sim("tra", "--profile", "instant");
    String b = sim("trb", "--profile", "instant");
    String c = sim("trc", "--profile", "instant");
    String x = sim("trx", "--profile", "instant");
    String y = sim("try", "--profile", "instant");
    // the panel judges itself (a, b, c), plus two outside judges that see all three answers
    JsonObject t =
        run(
            """
            {"prompt":"Name a prime number.","panel":["%s","%s","%s"],"judges":["%s","%s","%s","%s","%s"],
             "rounds":1,"quorum":3,"maxTokens":8}"""
                .formatted(a, b, c, a, b, c, x, y),
            Set.of("completed", "failed"));
    assertEquals("completed", t.getString("status"), t::toString);
    List<JsonObject> judgings = steps(t, "judge");
    for (JsonObject s : judgings) {
      List<String> scored =
          s.getJsonArray("scores").getValuesAs(JsonObject.class).stream()
              .map(v -> v.getString("model"))
              .toList();
      assertFalse(scored.contains(s.getString("model")), "no self-judging: " + s);
    }
    List<List<String>> outsideOrders =
        judgings.stream()
            .filter(s -> Set.of(x, y).contains(s.getString("model")))
            .map(
                s ->
                    s.getJsonArray("scores").getValuesAs(JsonObject.class).stream()
                        .map(v -> v.getString("model"))
                        .toList())
            .toList();
    assertEquals(2, outsideOrders.size());
    assertEquals(Set.copyOf(outsideOrders.get(0)), Set.copyOf(outsideOrders.get(1)));
    assertFalse(outsideOrders.get(0).equals(outsideOrders.get(1)), "each judge its own order");
    List.of(a, b, c, x, y).forEach(m -> api.delete("/api/models/" + m));
  }

  @Test
  void tribunalsRunInBulkThroughTheBatchesApi() {
    String a = sim("tra", "--profile", "instant");
    String b = sim("trb", "--profile", "instant");
    String j = sim("trj", "--profile", "instant");
    String line =
        """
        {"custom_id":"%s","method":"POST","url":"/v1/tribunals","body":{"prompt":"Name a prime (%s).",
         "panel":["%s","%s"],"judges":["%s"],"rounds":1,"maxTokens":8}}""";
    String lines =
        String.join(
            "\n",
            line.formatted("t-1", "1", a, b, j).replace("\n", ""),
            line.formatted("t-2", "2", a, b, j).replace("\n", ""),
            line.formatted("t-bad", "3", a, "no-such-model-x", j).replace("\n", ""));
    String fileId =
        api.upload("/v1/files", "batch", "tribunals.jsonl", lines.getBytes(StandardCharsets.UTF_8))
            .json()
            .getString("id");
    Reply batch =
        api.post(
            "/v1/batches",
            """
            {"input_file_id":"%s","endpoint":"/v1/tribunals","completion_window":"24h"}"""
                .formatted(fileId));
    assertEquals(200, batch.status(), batch::toString);
    String id = batch.json().getString("id");
    JsonObject done =
        Eventually.await(
            "tribunal batch done",
            Duration.ofSeconds(120),
            () -> api.get("/v1/batches/" + id).json(),
            x -> Set.of("completed", "failed").contains(x.getString("status")));
    assertEquals("completed", done.getString("status"), done::toString);
    assertEquals(2, done.getJsonObject("request_counts").getInt("completed"));
    assertEquals(1, done.getJsonObject("request_counts").getInt("failed"));
    List<JsonObject> out =
        api.get("/v1/files/" + done.getString("output_file_id") + "/content")
            .body()
            .lines()
            .map(l -> Json.createReader(new StringReader(l)).readObject())
            .toList();
    assertEquals(List.of("t-1", "t-2"), out.stream().map(o -> o.getString("custom_id")).toList());
    JsonObject body = out.get(0).getJsonObject("response").getJsonObject("body");
    assertFalse(body.getJsonObject("verdict").getString("text").isBlank());
    JsonObject transcript = api.get("/api/tribunals/" + body.getString("id")).json();
    assertEquals("completed", transcript.getString("status"));
    assertTrue(transcript.getJsonArray("steps").size() >= 3);
    String error = api.get("/v1/files/" + done.getString("error_file_id") + "/content").body();
    assertTrue(error.contains("\"t-bad\"") && error.contains("invalid_tribunal"), error);
    List.of(a, b, j).forEach(m -> api.delete("/api/models/" + m));
  }

  @Test
  void badRequestsNameTheField() {
    String a = sim("tra", "--profile", "instant");
    assertParam("{\"panel\":[\"" + a + "\"],\"judges\":[\"" + a + "\"]}", "prompt");
    assertParam(
        "{\"prompt\":\"q\",\"panel\":[\"" + a + "\",\"nope-x\"],\"judges\":[\"" + a + "\"]}",
        "panel[1]");
    assertParam("{\"prompt\":\"q\",\"panel\":[\"" + a + "\"],\"judges\":[]}", "judges");
    assertParam(
        "{\"prompt\":\"q\",\"panel\":[\"" + a + "\"],\"judges\":[\"" + a + "\"],\"rounds\":6}",
        "rounds");
    assertParam(
        "{\"prompt\":\"q\",\"panel\":[\"" + a + "\"],\"judges\":[\"" + a + "\"],\"quorum\":2}",
        "quorum");
    assertParam(
        "{\"prompt\":\"q\",\"panel\":[\""
            + a
            + "\"],\"judges\":[\""
            + a
            + "\"],\"aggregation\":\"max\"}",
        "aggregation");
    assertEquals(404, api.get("/api/tribunals/trb_nope").status());
    api.delete("/api/models/" + a);
  }

  void assertParam(String body, String param) {
    Reply r = api.post("/api/tribunals", body);
    assertEquals(400, r.status(), r::toString);
    assertEquals(param, r.error().getString("param"), r::toString);
  }
}
