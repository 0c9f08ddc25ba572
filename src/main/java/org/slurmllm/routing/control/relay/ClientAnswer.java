package org.slurmllm.routing.control.relay;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.slurmllm.routing.control.upstream.ChannelWrites;
import org.xnio.channels.StreamSinkChannel;

/**
 * The client's side of one relayed try, on the I/O thread of the client's connection: the replica's
 * status and type passed on (with the headers that keep a proxy in front from holding a stream
 * back), a stream's events at the client's pace, a whole answer at once, the error event that ends
 * a stream that cannot go on. Apart from {@link UpstreamCall}, which reads the replica and decides,
 * because writing to the client is the same whatever the replica did; it ends the try once the last
 * bytes are written, or when the client is gone.
 */
final class ClientAnswer {

  /** Tells a proxy in front (nginx) not to hold the stream back. */
  private static final HttpString X_ACCEL_BUFFERING = new HttpString("X-Accel-Buffering");

  private final HttpServerExchange exchange;
  private final Consumer<Outcome> end;
  private final Runnable gone;
  private StreamSinkChannel downstream;

  /**
   * @param end ends the try with its outcome (once the last bytes are written, or the client left
   *     while they were)
   * @param gone the client went away while an answer was passed on
   */
  ClientAnswer(HttpServerExchange exchange, Consumer<Outcome> end, Runnable gone) {
    this.exchange = exchange;
    this.end = end;
    this.gone = gone;
  }

  /** The replica's status and content type (JSON when it named none) become the client's. */
  void begin(int status, String type, boolean stream) {
    exchange.setStatusCode(status);
    exchange
        .getResponseHeaders()
        .put(Headers.CONTENT_TYPE, type == null ? "application/json" : type);
    if (stream) {
      exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-cache");
      exchange.getResponseHeaders().put(X_ACCEL_BUFFERING, "no");
      downstream = exchange.getResponseChannel();
    }
  }

  /**
   * Writes whole events to the client. False when the client could not take them all now: {@code
   * resumed} runs once it has.
   */
  boolean passOn(ByteBuffer chunk, Runnable resumed) {
    return ChannelWrites.write(
        downstream,
        chunk,
        false,
        new ChannelWrites.Done() {
          private boolean paused;

          @Override
          public void written() {
            if (paused) {
              resumed.run();
            }
            paused = true; // a later call comes from the write listener: reading was suspended
          }

          @Override
          public void failed(IOException e) {
            gone.run();
          }
        });
  }

  /** A non-streamed answer, with its length. */
  void whole(byte[] answer, Outcome outcome) {
    exchange.setResponseContentLength(answer.length);
    downstream = exchange.getResponseChannel();
    last(ByteBuffer.wrap(answer), outcome);
  }

  /** What is left of a stream that cannot go on, then one error event and no [DONE]. */
  void breakStream(ByteBuffer rest, String message, Outcome outcome) {
    byte[] event =
        ("data: " + Relay.errorBody(message, "server_error", null, "stream_interrupted") + "\n\n")
            .getBytes(StandardCharsets.UTF_8);
    ByteBuffer out = ByteBuffer.allocate(rest.remaining() + event.length).put(rest).put(event);
    out.flip();
    last(out, outcome);
  }

  /** Writes the last bytes of an answer, then ends the try. */
  void last(ByteBuffer last, Outcome outcome) {
    ChannelWrites.write(
        downstream,
        last,
        true,
        new ChannelWrites.Done() {
          @Override
          public void written() {
            end.accept(outcome);
          }

          @Override
          public void failed(IOException e) {
            end.accept(Outcome.CLIENT_GONE);
          }
        });
  }
}
