package org.slurmllm.routing.boundary;

import io.undertow.server.HttpServerExchange;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import org.xnio.channels.StreamSinkChannel;

/**
 * A stream's writer on the exchange's I/O thread: what is sent goes out in order, as the client
 * takes it, without blocking; then the end. For answers written by the gateway itself, a few events
 * at a time (a composed model's keep-alive comments and answer).
 */
final class EventWriter {
  private final HttpServerExchange exchange;
  private final StreamSinkChannel channel;
  private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();
  private boolean ending;
  private boolean over;

  EventWriter(HttpServerExchange exchange) {
    this.exchange = exchange;
    this.channel = exchange.getResponseChannel();
    channel.getWriteSetter().set(c -> drain());
  }

  void data(String json) {
    send("data: " + json + "\n\n");
  }

  void send(String text) {
    if (!ending && !over) {
      queue.add(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
      drain();
    }
  }

  void end() {
    ending = true;
    drain();
  }

  private void drain() {
    if (over) {
      return;
    }
    try {
      while (!queue.isEmpty()) {
        ByteBuffer next = queue.peek();
        channel.write(next);
        if (next.hasRemaining()) {
          channel.resumeWrites();
          return;
        }
        queue.poll();
      }
      if (ending) {
        channel.shutdownWrites();
      }
      if (!channel.flush()) {
        channel.resumeWrites();
        return;
      }
      channel.suspendWrites();
      if (ending) {
        over = true;
        exchange.endExchange();
      }
    } catch (IOException e) {
      over = true; // the client left: nothing more to say
      exchange.endExchange();
    }
  }
}
