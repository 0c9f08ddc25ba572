package org.slurmllm.routing.control.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.slurmllm.routing.entity.Endpoint;

/** What a client is told when a model server fails: in words, naming the replica and its job. */
class RelayOutcomeTest {

  static final Endpoint REPLICA =
      new Endpoint(
          UUID.fromString("5f29c1d0-0000-4000-8000-000000000001"),
          "tiny-stories",
          "n:1",
          4,
          "57425002");

  @Test
  void aRefusedConnectionWithoutAMessageStillSaysWhatHappened() {
    // java.net.http's ConnectException has no message: "ConnectException: null" was the answer
    Outcome o =
        Outcome.unreachable(
            new CompletionException(new ConnectException()), Duration.ofSeconds(600));
    assertTrue(o.serverGone());
    assertEquals(
        "The model server of tiny-stories (replica 5f29c1d0, job 57425002) refused the"
            + " connection (it is not running); it is being replaced. Retry in a little while.",
        o.message(REPLICA));
  }

  @Test
  void aConnectionClosedBeforeTheAnswerIsAServerGone() {
    Outcome o = Outcome.unreachable(new IOException("closed"), Duration.ofSeconds(600));
    assertTrue(o.serverGone());
    assertTrue(o.message(REPLICA).contains("closed the connection before answering"));
    assertFalse(o.message(REPLICA).contains("null"));
  }

  @Test
  void aServerThatAnsweredWithAnErrorIsAliveAndNamed() {
    Outcome o = Outcome.answeredWithError("answered 500 (llama.cpp failed: x)");
    assertFalse(o.serverGone(), "not replaced: no one waits for a replacement");
    assertEquals(
        "The model server of tiny-stories (replica 5f29c1d0, job 57425002) answered 500"
            + " (llama.cpp failed: x).",
        o.message(REPLICA));
  }

  @Test
  void aSlowServerIsNamedWithTheBound() {
    Outcome o =
        Outcome.unreachable(new HttpTimeoutException("request timed out"), Duration.ofSeconds(600));
    assertFalse(o.serverGone());
    assertTrue(o.message(REPLICA).contains("did not answer within 600 s"));
  }

  @Test
  void aKeptAliveConnectionFoundClosedMayBeAskedAgainAndIsNotAServerGone() {
    Outcome o =
        Outcome.unreachable(new IOException("UT001000: Connection closed"), Duration.ZERO, true);
    assertTrue(o.staleConnection());
    assertFalse(o.serverGone(), "the replica only closed an idle connection");
    assertTrue(o.retryable());
  }

  @Test
  void aServerThatNeverAnsweredIsAGatewayTimeout() {
    Outcome o =
        Outcome.unreachable(new HttpTimeoutException("request timed out"), Duration.ofSeconds(600));
    assertEquals(504, o.status());
    assertEquals(502, Outcome.answeredWithError("answered 500 (x)").status());
  }

  @Test
  void onlyATryThatSentNothingMayBeRetried() {
    assertFalse(Outcome.broken(502, "stopped mid-stream").retryable());
    assertFalse(Outcome.relayed(200).retryable());
    assertFalse(Outcome.CLIENT_GONE.retryable());
    assertEquals(499, Outcome.CLIENT_GONE.status());
  }
}
