package org.slurmllm.routing.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slurmllm.testing.Api;
import org.slurmllm.testing.Api.Reply;
import org.slurmllm.testing.Api.Streamed;
import org.slurmllm.testing.Deployments;
import org.slurmllm.testing.Models;
import org.slurmllm.testing.RemoveNewModels;
import org.slurmllm.testing.Replicas;

/**
 * The relay's failure rules with several replicas: once a byte reached the client nothing is
 * retried (a broken stream ends with one error event and no [DONE], not with a second answer from
 * another replica); a replica that goes silent mid-stream is cut off after
 * SLURMLLM_UPSTREAM_IDLE_SECONDS (3 s on the test server) and its slot is freed.
 */
@ExtendWith({ArquillianExtension.class, RemoveNewModels.class})
class RelayFaultsIT {

  static final Duration READY = Duration.ofSeconds(120);

  @Deployment(testable = false)
  static WebArchive app() {
    return Deployments.application();
  }

  final Api api = Api.ofTestServer();

  Replicas sim(String name, int replicas, int concurrency, String... args) {
    String engineArgs = String.join(",", List.of(args).stream().map(a -> '"' + a + '"').toList());
    Reply r =
        api.post(
            "/api/models",
            """
            {"name":"%s","engine":"sim","engineArgs":[%s],"contextLength":256,
             "resources":{"gpus":0,"cpus":1,"memoryGb":1,"timeLimitMinutes":30},
             "scaling":{"minReplicas":%d,"maxReplicas":%d,"targetConcurrency":%d}}"""
                .formatted(name, engineArgs, replicas, replicas, concurrency));
    assertEquals(201, r.status(), r::toString);
    Replicas all = new Replicas(api, name);
    all.awaitInState("READY", replicas, READY);
    return all;
  }

  static String streamed(String model) {
    return "{\"model\":\"%s\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}],\"max_tokens\":30,\"stream\":true}"
        .formatted(model);
  }

  static void endsWithOneErrorEventAndNoDone(Streamed stream, String expected) {
    assertEquals(200, stream.status(), "the stream had begun");
    List<String> data = stream.data();
    assertFalse(data.contains("[DONE]"), "a broken stream does not claim to be complete: " + data);
    List<JsonObject> events = stream.events();
    long errors = events.stream().filter(e -> e.containsKey("error")).count();
    assertEquals(1, errors, "one error event: " + data);
    JsonObject last = events.get(events.size() - 1);
    assertEquals("stream_interrupted", last.getJsonObject("error").getString("code"));
    assertTrue(last.getJsonObject("error").getString("message").contains(expected), last::toString);
    String ids =
        String.join(
            ",",
            events.stream()
                .filter(e -> e.containsKey("id"))
                .map(e -> e.getString("id"))
                .distinct()
                .toList());
    assertFalse(ids.contains(","), "one answer, not two: " + ids);
  }

  @Test
  void aStreamBrokenAfterItsFirstBytesIsNotContinuedByAnotherReplica() throws Exception {
    Path marker =
        Path.of(System.getProperty("it.shared.dir", "target/shared"), "crash-" + UUID.randomUUID());
    Files.createDirectories(marker.getParent());
    String name = Models.uniqueName("brk");
    sim(
        name,
        2,
        4,
        "--profile",
        "llama-3.2-1b",
        "--crash-once",
        marker.toAbsolutePath().toString());
    Streamed stream = api.stream("/v1/chat/completions", streamed(name));
    assertTrue(Files.exists(marker), "a replica crashed mid-stream");
    endsWithOneErrorEventAndNoDone(stream, "stopped mid-stream");
    Reply next = api.post("/v1/chat/completions", streamed(name).replace(",\"stream\":true", ""));
    assertEquals(200, next.status(), "the other replica answers the next request: " + next);
  }

  @Test
  void aReplicaSilentMidStreamIsCutOffAndItsSlotFreed() {
    String name = Models.uniqueName("stall");
    // one slot: a slot the stall kept would leave the second stalled request queued (then 429)
    sim(name, 1, 1, "--profile", "instant", "--stall-after", "0");
    for (int i = 0; i < 2; i++) {
      long start = System.nanoTime();
      Streamed stream = api.stream("/v1/chat/completions", streamed(name));
      long seconds = (System.nanoTime() - start) / 1_000_000_000L;
      endsWithOneErrorEventAndNoDone(stream, "sent nothing for 3 s");
      assertTrue(seconds >= 3 && seconds < 30, "cut off after the idle bound: " + seconds + " s");
    }
  }

  /** Sends a request on a raw connection and leaves it open: the test closes it to "leave". */
  static Socket sendAndHold(String json) throws Exception {
    Socket socket = new Socket("127.0.0.1", Api.ofTestServer().port());
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    OutputStream out = socket.getOutputStream();
    out.write(
        ("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: Bearer "
                + Api.adminKey()
                + "\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length
                + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.write(body);
    out.flush();
    return socket;
  }

  @Test
  void aClientThatLeavesLeavesTheQueueOrCutsItsAnswerOffAndIsRecordedWith499() throws Exception {
    String name = Models.uniqueName("leave");
    // one slot, and every answer stalls after its first token: a slot is only freed by a cut
    sim(name, 1, 1, "--profile", "instant", "--stall-after", "0");
    String whole = streamed(name).replace(",\"stream\":true", "");
    Socket generating = sendAndHold(whole); // takes the slot; its answer never comes
    Thread.sleep(500);
    Socket queued = sendAndHold(whole); // waits for the slot
    Thread.sleep(500);
    queued.close();
    generating.close();
    // both slots' holders left: the next request gets the replica at once (with the slot kept, it
    // would wait in the queue and be refused with 429 once the queue timeout passed)
    Streamed next = api.stream("/v1/chat/completions", streamed(name));
    endsWithOneErrorEventAndNoDone(next, "sent nothing for 3 s");
    List<Integer> statuses = List.of();
    for (int i = 0; i < 40 && statuses.size() < 3; i++) { // the ledger writes in the background
      Thread.sleep(500);
      statuses =
          api.get("/api/usage?model=" + name).json().getJsonArray("data").stream()
              .map(r -> r.asJsonObject().getInt("status"))
              .sorted()
              .toList();
    }
    assertEquals(List.of(499, 499, 504), statuses, "two clients left, one answer was cut off");
  }
}
