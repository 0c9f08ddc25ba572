package org.slurmllm.routing.control.relay;

import io.undertow.client.ClientExchange;
import io.undertow.connector.ByteBufferPool;
import io.undertow.connector.PooledByteBuffer;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.slurmllm.rest.RequestIds;
import org.slurmllm.routing.control.request.InferenceRequest;
import org.slurmllm.routing.control.upstream.UpstreamConnections;
import org.slurmllm.routing.control.upstream.UpstreamRequests;
import org.slurmllm.routing.control.upstream.WholeAnswer;
import org.slurmllm.routing.entity.Endpoint;
import org.xnio.channels.StreamSourceChannel;

/**
 * One try of a request on one replica, relayed to the client as it comes, all on the I/O thread of
 * the client's connection: the request is written, the status line decides (a 5xx is read whole and
 * reported, nothing reaches the client), and the answer is passed on: a stream event by event,
 * reading the replica only as fast as the client takes it; anything else whole. It ends exactly
 * once, with an {@link Outcome} the relay decides on (retry, circuit, ledger).
 *
 * <p>It is the replica's side of the try and every decision of it: one state machine (connect,
 * wait, read an error, read whole, stream, ended). The pieces that need no decision are apart: what
 * reaches the client is written by {@link ClientAnswer}, the replica's silence is timed by {@link
 * SilenceWatch}, its connection is a {@link BorrowedConnection}, a whole answer a {@link
 * WholeAnswer}.
 */
final class UpstreamCall {

  private static final Logger LOG = Logger.getLogger(UpstreamCall.class.getName());

  private enum Phase {
    CONNECTING,
    WAITING, // request sent, no status line yet
    ERROR_BODY, // a 5xx: read for its message
    WHOLE, // a non-streamed answer, read whole
    STREAM, // a stream, passed on event by event
    ENDED
  }

  private final HttpServerExchange exchange;
  private final Endpoint endpoint;
  private final String path;
  private final byte[] body;
  private final InferenceRequest request;
  private final RequestMeter meter;
  private final TierStamp tier;
  private final Duration answerTimeout;
  private final Duration idleTimeout;
  private final Consumer<Outcome> ended;
  private final ByteBufferPool buffers;
  private final ClientAnswer client;
  private final SilenceWatch silence;
  private final BorrowedConnection connection;

  /** Reads the replica again once a slow client took what it was given. */
  private final Runnable clientCaughtUp = this::clientCaughtUp;

  private Phase phase = Phase.CONNECTING;
  private StreamSourceChannel upstream;
  private EventStream events;
  private WholeAnswer whole;
  private int status;

  UpstreamCall(
      HttpServerExchange exchange,
      Endpoint endpoint,
      String path,
      byte[] body,
      InferenceRequest request,
      RequestMeter meter,
      TierStamp tier,
      UpstreamConnections connections,
      Duration answerTimeout,
      Duration idleTimeout,
      Consumer<Outcome> ended) {
    this.exchange = exchange;
    this.endpoint = endpoint;
    this.path = path;
    this.body = body;
    this.request = request;
    this.meter = meter;
    this.tier = tier;
    this.answerTimeout = answerTimeout;
    this.idleTimeout = idleTimeout;
    this.ended = ended;
    this.buffers = exchange.getConnection().getByteBufferPool();
    this.client = new ClientAnswer(exchange, this::end, this::clientGone);
    this.silence = new SilenceWatch(exchange.getIoThread(), this::silent);
    this.connection = new BorrowedConnection(connections, endpoint.address());
  }

  /** Starts the try (on the exchange's I/O thread). */
  void start() {
    silence.watch(answerTimeout);
    // a connection that comes after the try ended (timed out, the client left) is closed
    connection.borrow(
        exchange.getIoThread(), buffers, () -> phase == Phase.ENDED, this::send, this::unanswered);
  }

  /** The client went away: the replica's answer is cut off and the try ends. */
  void clientGone() {
    if (phase != Phase.ENDED) {
      drop();
      end(Outcome.CLIENT_GONE);
    }
  }

  private void send() {
    phase = Phase.WAITING;
    UpstreamRequests.post(
        connection.connection(),
        endpoint,
        path,
        body,
        RequestIds.of(exchange),
        this::answered,
        this::unanswered);
  }

  /** The status line came: decides how the body is read. */
  private void answered(ClientExchange answered) {
    if (phase == Phase.ENDED) {
      return;
    }
    silence.touch();
    status = answered.getResponse().getResponseCode();
    upstream = answered.getResponseChannel();
    if (FailureRule.replicasFault(status)) {
      phase = Phase.ERROR_BODY;
      whole = new WholeAnswer();
    } else {
      meter.replica(endpoint.replicaId());
      String type = answered.getResponse().getResponseHeaders().getFirst(Headers.CONTENT_TYPE);
      boolean stream = request.stream() && status == 200;
      client.begin(status, type, stream);
      if (stream) {
        phase = Phase.STREAM;
        events = new EventStream(!request.usageRequested(), meter::chunk, tier);
        silence.watch(idleTimeout);
      } else {
        phase = Phase.WHOLE;
        whole = new WholeAnswer();
      }
    }
    upstream.getReadSetter().set(c -> read());
    read();
  }

  /** Reads what the replica sent so far; passes it on or keeps it, until the end or a pause. */
  private void read() {
    while (phase != Phase.ENDED) {
      int n;
      ByteBuffer chunk;
      try (PooledByteBuffer pooled = buffers.allocate()) {
        ByteBuffer buffer = pooled.getBuffer();
        n = upstream.read(buffer);
        if (n <= 0) {
          chunk = null;
        } else {
          buffer.flip();
          silence.touch();
          if (phase == Phase.STREAM) {
            chunk = events.feed(buffer);
          } else {
            chunk = null;
            if (!whole.add(buffer)) {
              drop();
              unanswered(WholeAnswer.tooLarge());
              return;
            }
          }
        }
      } catch (IOException e) {
        brokenOff(e);
        return;
      }
      if (n == 0) {
        upstream.resumeReads();
        return;
      }
      if (n < 0) {
        finished();
        return;
      }
      if (chunk != null && chunk.hasRemaining() && !client.passOn(chunk, clientCaughtUp)) {
        upstream.suspendReads(); // the client is slower: the replica waits for it
        silence.pause();
        return;
      }
    }
  }

  private void clientCaughtUp() {
    silence.resume();
    upstream.resumeReads();
  }

  /** The replica's answer ended (its body read to the end). */
  private void finished() {
    connection.giveBack();
    switch (phase) {
      case ERROR_BODY ->
          end(
              Outcome.answeredWithError(
                  "answered " + status + " (" + FailureRule.errorMessage(whole.text()) + ")"));
      case WHOLE -> sendWhole();
      case STREAM -> {
        ByteBuffer rest = events.rest();
        if (events.done()) {
          client.last(rest, Outcome.relayed(status));
        } else {
          breakStream(rest, "ended the stream before [DONE]", 502);
        }
      }
      default -> throw new IllegalStateException(phase.name());
    }
  }

  private void sendWhole() {
    byte[] answer = whole.toByteArray();
    meter.answer(answer); // counted whether or not the client is still there to read it
    client.whole(status / 100 == 2 ? tier.stamp(answer) : answer, Outcome.relayed(status));
  }

  /** Reading the replica failed: before the client got anything a retry may follow, else not. */
  private void brokenOff(IOException e) {
    drop();
    if (phase == Phase.STREAM) {
      breakStream(events.rest(), "stopped mid-stream (" + e.getClass().getSimpleName() + ")", 502);
    } else {
      unanswered(e);
    }
  }

  /** A stream that cannot go on: one error event, no [DONE]; the client keeps what it got. */
  private void breakStream(ByteBuffer rest, String reason, int errorStatus) {
    LOG.log(
        Level.WARNING,
        "request {0}: replica {1}: {2}",
        new Object[] {RequestIds.of(exchange), endpoint.replicaId(), reason});
    client.breakStream(
        rest, endpoint.describe() + " " + reason, Outcome.broken(errorStatus, reason));
  }

  /** Nothing reached the client from this replica: the relay may try another. */
  private void unanswered(IOException e) {
    if (phase == Phase.ENDED) {
      return;
    }
    if (phase == Phase.STREAM) {
      brokenOff(e); // the connection failed under a stream the client is reading
      return;
    }
    boolean stale = connection.reused() && (phase == Phase.WAITING || phase == Phase.CONNECTING);
    drop();
    end(Outcome.unreachable(e, answerTimeout, stale));
  }

  /** The replica sent nothing for the watched limit. */
  private void silent() {
    if (phase == Phase.ENDED) {
      return;
    }
    drop();
    if (phase == Phase.STREAM) {
      breakStream(events.rest(), "sent nothing for " + idleTimeout.toSeconds() + " s", 504);
    } else {
      // nothing reached the client yet: another replica may still answer in time
      end(Outcome.unreachable(new HttpTimeoutException("request timed out"), answerTimeout, false));
    }
  }

  /**
   * The replica's connection is closed: its answer is not read further, nor the connection reused.
   */
  private void drop() {
    if (upstream != null) {
      upstream.suspendReads();
    }
    connection.discard();
  }

  private void end(Outcome outcome) {
    if (phase == Phase.ENDED) {
      return;
    }
    phase = Phase.ENDED;
    silence.stop();
    ended.accept(outcome);
  }
}
