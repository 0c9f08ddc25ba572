package org.slurmllm.routing.control.relay;

import io.undertow.connector.PooledByteBuffer;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.protocol.http.HttpServerConnection;
import io.undertow.util.AttachmentKey;
import java.io.IOException;
import org.xnio.ChannelListener;
import org.xnio.conduits.ConduitStreamSourceChannel;
import org.xnio.conduits.StreamSourceConduit;

/**
 * Notices a client that closes its connection while its request waits in the queue or its answer is
 * made. HTTP/1.1 gives no signal for that: Undertow reads nothing from a connection until its
 * request is answered. Once the request body is read, this reads the connection: an end of stream
 * means the client left; bytes are its next request, sent early (pipelined), and are handed back to
 * Undertow untouched. HTTP/1.1 only; other connections are not watched.
 */
public final class ClientWatch {

  private static final AttachmentKey<ChannelListener<ConduitStreamSourceChannel>> LISTENER =
      AttachmentKey.create(ChannelListener.class);

  private ClientWatch() {}

  /** Starts watching (on the exchange's I/O thread, after the request body was read whole). */
  public static void watch(HttpServerExchange exchange, Runnable gone) {
    if (!(exchange.getConnection() instanceof HttpServerConnection connection)
        || connection.getExtraBytes() != null
        || !exchange.isRequestComplete()) {
      return;
    }
    var source = connection.getChannel().getSourceChannel();
    // the request's own conduit is done (its body was read whole): read the connection itself,
    // as Undertow does once the exchange is over
    StreamSourceConduit raw = connection.getOriginalSourceConduit();
    source.setConduit(raw);
    ChannelListener<ConduitStreamSourceChannel> listener =
        channel -> {
          PooledByteBuffer pooled = connection.getByteBufferPool().allocate();
          int n;
          try {
            n = raw.read(pooled.getBuffer());
          } catch (IOException e) {
            n = -1;
          }
          if (n == 0) {
            pooled.close();
            return;
          }
          channel.suspendReads();
          channel.setReadListener(null);
          if (n < 0) {
            pooled.close();
            gone.run();
          } else {
            pooled.getBuffer().flip();
            connection.ungetRequestBytes(pooled); // the next request: Undertow reads it later
          }
        };
    exchange.putAttachment(LISTENER, listener);
    source.setReadListener(listener);
    source.resumeReads();
  }

  /**
   * Stops watching, unless Undertow has already taken the connection back for the next request (its
   * answer was complete): then the listener is Undertow's own and stays.
   */
  public static void stop(HttpServerExchange exchange) {
    ChannelListener<ConduitStreamSourceChannel> listener = exchange.removeAttachment(LISTENER);
    if (listener != null
        && exchange.getConnection() instanceof HttpServerConnection connection
        && connection.getChannel().getSourceChannel().getReadListener() == listener) {
      var source = connection.getChannel().getSourceChannel();
      source.suspendReads();
      source.setReadListener(null);
    }
  }
}
