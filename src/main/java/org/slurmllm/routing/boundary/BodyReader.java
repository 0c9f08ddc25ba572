package org.slurmllm.routing.boundary;

import io.undertow.connector.PooledByteBuffer;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.SameThreadExecutor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.xnio.channels.StreamSourceChannel;

/**
 * Reads a request body whole without blocking, in bulk (Undertow's own receiver copies byte by byte
 * through a synchronized stream: the relay's largest cost once measured). What comes after it runs
 * dispatched on the I/O thread, so the exchange stays open until it is answered.
 */
final class BodyReader {

  private final HttpServerExchange exchange;
  private final long max;
  private final BiConsumer<HttpServerExchange, byte[]> onBody;
  private final Consumer<HttpServerExchange> onTooLarge;
  private byte[] body;
  private int length;

  private BodyReader(
      HttpServerExchange exchange,
      long max,
      BiConsumer<HttpServerExchange, byte[]> onBody,
      Consumer<HttpServerExchange> onTooLarge) {
    this.exchange = exchange;
    this.max = max;
    this.onBody = onBody;
    this.onTooLarge = onTooLarge;
    long declared = exchange.getRequestContentLength();
    this.body = new byte[(int) Math.max(0, Math.min(declared, max))];
  }

  /** Reads the body (at most {@code max} bytes, else {@code onTooLarge}), then {@code onBody}. */
  static void read(
      HttpServerExchange exchange,
      long max,
      BiConsumer<HttpServerExchange, byte[]> onBody,
      Consumer<HttpServerExchange> onTooLarge) {
    new BodyReader(exchange, max, onBody, onTooLarge).start();
  }

  private void start() {
    StreamSourceChannel channel = exchange.getRequestChannel();
    if (channel == null || !drain(channel)) {
      return; // ended, or waiting for more
    }
    channel.getReadSetter().set(this::drain); // until the body has ended
    channel.resumeReads();
  }

  /**
   * Reads what is there. Returns true when more must come (the caller waits for it); false when the
   * body ended (and was handed on) or the exchange was answered.
   */
  private boolean drain(StreamSourceChannel channel) {
    try (PooledByteBuffer pooled = exchange.getConnection().getByteBufferPool().allocate()) {
      ByteBuffer buffer = pooled.getBuffer();
      while (true) {
        buffer.clear();
        int n = channel.read(buffer);
        if (n == 0) {
          return true;
        }
        if (n < 0) {
          channel.suspendReads();
          byte[] whole = length == body.length ? body : Arrays.copyOf(body, length);
          exchange.dispatch(SameThreadExecutor.INSTANCE, () -> onBody.accept(exchange, whole));
          return false;
        }
        if (length + n > max) {
          channel.suspendReads();
          exchange.dispatch(SameThreadExecutor.INSTANCE, () -> onTooLarge.accept(exchange));
          return false;
        }
        if (length + n > body.length) {
          body = Arrays.copyOf(body, (int) Math.min(max, Math.max(body.length * 2L, length + n)));
        }
        buffer.flip();
        buffer.get(body, length, n);
        length += n;
      }
    } catch (IOException e) {
      channel.suspendReads();
      exchange.setPersistent(false);
      exchange.endExchange(); // the client's body broke off: nobody to answer
      return false;
    }
  }
}
