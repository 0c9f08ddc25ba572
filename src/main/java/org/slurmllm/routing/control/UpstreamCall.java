package org.slurmllm.routing.control;

import io.undertow.client.ClientConnection;
import io.undertow.client.ClientExchange;
import io.undertow.connector.ByteBufferPool;
import io.undertow.connector.PooledByteBuffer;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.slurmllm.rest.RequestIds;
import org.slurmllm.routing.entity.Endpoint;
import org.xnio.XnioExecutor;
import org.xnio.channels.StreamSinkChannel;
import org.xnio.channels.StreamSourceChannel;

/**
 * One try of a request on one replica, relayed to the client as it comes, all on the I/O thread of
 * the client's connection: the request is written, the status line decides (a 5xx is read whole and
 * reported, nothing reaches the client), and the answer is passed on: a stream event by event,
 * reading the replica only as fast as the client takes it; anything else whole. It ends exactly
 * once, with an {@link Outcome} the relay decides on (retry, circuit, ledger).
 *
 * <p>Longer than most classes here on purpose: it is one state machine (connect, wait, read an
 * error, read whole, stream, ended) whose phases share the exchange, the connection and the timer;
 * split, each part would need all of them and the order of their calls would be harder to follow.
 */
final class UpstreamCall {

  private static final Logger LOG = Logger.getLogger(UpstreamCall.class.getName());

  /** Tells a proxy in front (nginx) not to hold the stream back. */
  private static final HttpString X_ACCEL_BUFFERING = new HttpString("X-Accel-Buffering");

  /** The most of a non-streamed answer or an error body that is held (a runaway is cut). */
  static final int MAX_WHOLE_BYTES = 64 * 1024 * 1024;

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
  private final UpstreamConnections connections;
  private final Duration answerTimeout;
  private final Duration idleTimeout;
  private final Consumer<Outcome> ended;
  private final ByteBufferPool buffers;

  private Phase phase = Phase.CONNECTING;
  private ClientConnection connection;
  private boolean reused;
  private StreamSourceChannel upstream;
  private StreamSinkChannel downstream;
  private EventStream events;
  private ByteArrayOutputStream whole;
  private int status;
  private long lastActivity = System.nanoTime();

  /** Reading the replica waits for a slow client: silence then is not the replica's. */
  private boolean waitingForClient;

  private XnioExecutor.Key timer;

  UpstreamCall(
      HttpServerExchange exchange,
      Endpoint endpoint,
      String path,
      byte[] body,
      InferenceRequest request,
      RequestMeter meter,
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
    this.connections = connections;
    this.answerTimeout = answerTimeout;
    this.idleTimeout = idleTimeout;
    this.ended = ended;
    this.buffers = exchange.getConnection().getByteBufferPool();
  }

  /** Starts the try (on the exchange's I/O thread). */
  void start() {
    arm(answerTimeout.toNanos());
    connections.borrow(
        exchange.getIoThread(),
        buffers,
        endpoint.address(),
        new UpstreamConnections.Borrower() {
          @Override
          public void connected(ClientConnection c, boolean kept) {
            connection = c;
            reused = kept;
            if (phase == Phase.ENDED) {
              connections.discard(c); // timed out or the client left while connecting
            } else {
              send();
            }
          }

          @Override
          public void failed(IOException e) {
            unanswered(e);
          }
        });
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
        connection,
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
    touch();
    status = answered.getResponse().getResponseCode();
    upstream = answered.getResponseChannel();
    if (FailureRule.replicasFault(status)) {
      phase = Phase.ERROR_BODY;
      whole = new ByteArrayOutputStream();
    } else {
      meter.replica(endpoint.replicaId());
      exchange.setStatusCode(status);
      String type = answered.getResponse().getResponseHeaders().getFirst(Headers.CONTENT_TYPE);
      exchange
          .getResponseHeaders()
          .put(Headers.CONTENT_TYPE, type == null ? "application/json" : type);
      if (request.stream() && status == 200) {
        phase = Phase.STREAM;
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-cache");
        exchange.getResponseHeaders().put(X_ACCEL_BUFFERING, "no");
        events = new EventStream(!request.usageRequested(), meter::chunk);
        downstream = exchange.getResponseChannel();
        arm(idleTimeout.toNanos());
      } else {
        phase = Phase.WHOLE;
        whole = new ByteArrayOutputStream();
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
          touch();
          if (phase == Phase.STREAM) {
            chunk = events.feed(buffer);
          } else {
            chunk = null;
            if (whole.size() + buffer.remaining() > MAX_WHOLE_BYTES) {
              drop();
              unanswered(new IOException("answered with more than " + MAX_WHOLE_BYTES + " bytes"));
              return;
            }
            byte[] bytes = new byte[buffer.remaining()]; // pooled buffers are direct: copied out
            buffer.get(bytes);
            whole.write(bytes, 0, bytes.length);
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
      if (chunk != null && chunk.hasRemaining() && !passOn(chunk)) {
        upstream.suspendReads(); // the client is slower: the replica waits for it
        waitingForClient = true;
        return;
      }
    }
  }

  /**
   * Writes whole events to the client. False when the client could not take them all now: reading
   * the replica resumes once it has.
   */
  private boolean passOn(ByteBuffer chunk) {
    return ChannelWrites.write(
        downstream,
        chunk,
        false,
        new ChannelWrites.Done() {
          private boolean paused;

          @Override
          public void written() {
            if (paused) {
              waitingForClient = false;
              touch(); // the replica's silence is counted from here, not from before the wait
              upstream.resumeReads();
            }
            paused = true; // a later call comes from the write listener: reading was suspended
          }

          @Override
          public void failed(IOException e) {
            clientGone();
          }
        });
  }

  /** The replica's answer ended (its body read to the end). */
  private void finished() {
    connections.giveBack(endpoint.address(), connection);
    switch (phase) {
      case ERROR_BODY ->
          end(
              Outcome.answeredWithError(
                  "answered "
                      + status
                      + " ("
                      + Relay.errorMessage(whole.toString(StandardCharsets.UTF_8))
                      + ")"));
      case WHOLE -> sendWhole();
      case STREAM -> {
        ByteBuffer rest = events.rest();
        if (events.done()) {
          write(rest, Outcome.relayed(status));
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
    exchange.setResponseContentLength(answer.length);
    downstream = exchange.getResponseChannel();
    write(ByteBuffer.wrap(answer), Outcome.relayed(status));
  }

  /** Writes the last bytes of an answer, then ends the try. */
  private void write(ByteBuffer last, Outcome outcome) {
    ChannelWrites.write(
        downstream,
        last,
        true,
        new ChannelWrites.Done() {
          @Override
          public void written() {
            end(outcome);
          }

          @Override
          public void failed(IOException e) {
            end(Outcome.CLIENT_GONE);
          }
        });
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
    byte[] event =
        ("data: "
                + Relay.errorBody(
                    endpoint.describe() + " " + reason, "server_error", null, "stream_interrupted")
                + "\n\n")
            .getBytes(StandardCharsets.UTF_8);
    ByteBuffer out = ByteBuffer.allocate(rest.remaining() + event.length).put(rest).put(event);
    out.flip();
    write(out, Outcome.broken(errorStatus, reason));
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
    boolean stale = reused && (phase == Phase.WAITING || phase == Phase.CONNECTING);
    drop();
    end(Outcome.unreachable(e, answerTimeout, stale));
  }

  private void touch() {
    lastActivity = System.nanoTime();
  }

  /** Checks for silence when the timer fires; cheaper than re-arming on every read. */
  private void arm(long limitNanos) {
    if (timer != null) {
      timer.remove();
    }
    long wait = Math.max(1, limitNanos - (System.nanoTime() - lastActivity));
    timer =
        exchange.getIoThread().executeAfter(() -> check(limitNanos), wait, TimeUnit.NANOSECONDS);
  }

  private void check(long limitNanos) {
    timer = null;
    if (phase == Phase.ENDED) {
      return;
    }
    if (waitingForClient || System.nanoTime() - lastActivity < limitNanos) {
      arm(limitNanos);
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
    if (connection != null) {
      connections.discard(connection);
    }
  }

  private void end(Outcome outcome) {
    if (phase == Phase.ENDED) {
      return;
    }
    phase = Phase.ENDED;
    if (timer != null) {
      timer.remove();
      timer = null;
    }
    ended.accept(outcome);
  }
}
