package org.slurmllm.routing.control.relay;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.slurmllm.routing.entity.Endpoint;

/**
 * How a try on one replica ended. {@code RELAYED}: the answer passed on (its status); {@code
 * UNANSWERED}: nothing reached the client, another replica may be tried ({@code reason} completes
 * "the model server of M (replica R, job J) ..." in words a client understands; {@code serverGone}
 * when the replica could not be reached at all, so its job is replaced; {@code staleConnection} for
 * a kept-alive connection found closed); {@code BROKEN}: a stream that reached the client ended
 * with an error event; {@code CLIENT_GONE}: the client left.
 */
record Outcome(Kind kind, int status, String reason, boolean staleConnection, boolean serverGone) {

  enum Kind {
    RELAYED,
    UNANSWERED,
    BROKEN,
    CLIENT_GONE
  }

  static final Outcome CLIENT_GONE =
      new Outcome(Kind.CLIENT_GONE, Relay.CLIENT_CLOSED, "the client left", false, false);

  static Outcome relayed(int status) {
    return new Outcome(Kind.RELAYED, status, null, false, false);
  }

  static Outcome broken(int status, String reason) {
    return new Outcome(Kind.BROKEN, status, reason, false, false);
  }

  static Outcome answeredWithError(String reason) {
    return new Outcome(Kind.UNANSWERED, 502, reason, false, false);
  }

  boolean retryable() {
    return kind == Kind.UNANSWERED;
  }

  static Outcome unreachable(Throwable failure, Duration timeout) {
    return unreachable(failure, timeout, false);
  }

  /**
   * @param stale the connection was kept alive from an earlier answer and failed before this one's
   *     first byte: the replica may simply have closed it
   */
  static Outcome unreachable(Throwable failure, Duration timeout, boolean stale) {
    Throwable cause =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    String message = String.valueOf(cause.getMessage());
    if (cause instanceof HttpTimeoutException) {
      return new Outcome(
          Kind.UNANSWERED,
          504,
          "did not answer within " + timeout.toSeconds() + " s",
          false,
          false);
    }
    if (cause instanceof ConnectException) {
      return new Outcome(
          Kind.UNANSWERED,
          502,
          message.startsWith("no connection within")
              ? "could not be reached (" + message + ")"
              : "refused the connection (it is not running)",
          false,
          true);
    }
    if (cause instanceof IOException) {
      return new Outcome(
          Kind.UNANSWERED, 502, "closed the connection before answering", stale, !stale);
    }
    return new Outcome(
        Kind.UNANSWERED,
        502,
        "failed (" + cause.getClass().getSimpleName() + ": " + message + ")",
        false,
        false);
  }

  /** The client's message once no other replica is left to try. */
  String message(Endpoint endpoint) {
    String text = endpoint.describe() + " " + reason;
    return Character.toUpperCase(text.charAt(0))
        + text.substring(1)
        + (serverGone ? "; it is being replaced. Retry in a little while." : ".");
  }
}
