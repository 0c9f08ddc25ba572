package org.slurmllm.routing.control.upstream;

import io.undertow.client.ClientConnection;
import io.undertow.client.ClientExchange;
import io.undertow.connector.ByteBufferPool;
import io.undertow.connector.PooledByteBuffer;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slurmllm.routing.entity.Endpoint;
import org.xnio.XnioExecutor;
import org.xnio.XnioIoThread;
import org.xnio.channels.StreamSourceChannel;

/**
 * A whole answer fetched from a replica for the application itself (a tribunal's calls, the scrape
 * of a replica's load): the same connections and requests as a relayed call ({@link
 * UpstreamConnections}, {@link UpstreamRequests}), on an I/O thread of the gateway's own, with
 * nobody to relay to. A kept-alive connection found closed before any answer is asked again once on
 * a new one.
 */
public final class UpstreamFetch {

  /** A replica's answer: its status and body. */
  public record Fetched(int status, String body) {}

  private final UpstreamConnections connections;
  private final XnioIoThread thread;
  private final ByteBufferPool buffers;
  private final Endpoint endpoint;
  private final Sending sending;
  private final CompletableFuture<Fetched> result = new CompletableFuture<>();
  private final WholeAnswer answer = new WholeAnswer();
  private ClientConnection connection;
  private boolean reused;
  private boolean answered;
  private boolean retried;
  private XnioExecutor.Key timer;

  /** How the request goes out on a connection: a POST with its body, or a GET. */
  private interface Sending {
    void send(
        ClientConnection connection,
        Consumer<ClientExchange> answered,
        Consumer<IOException> failed);
  }

  private UpstreamFetch(
      UpstreamConnections connections,
      XnioIoThread thread,
      ByteBufferPool buffers,
      Endpoint endpoint,
      Sending sending) {
    this.connections = connections;
    this.thread = thread;
    this.buffers = buffers;
    this.endpoint = endpoint;
    this.sending = sending;
  }

  /** POSTs the body; completes with the answer, or fails (also after {@code timeout}). */
  static CompletableFuture<Fetched> post(
      UpstreamConnections connections,
      XnioIoThread thread,
      ByteBufferPool buffers,
      Endpoint endpoint,
      String path,
      byte[] body,
      Duration timeout) {
    // the application's own call (a tribunal step): no client request to name
    Sending post =
        (c, answered, failed) ->
            UpstreamRequests.post(c, endpoint, path, body, null, answered, failed);
    return new UpstreamFetch(connections, thread, buffers, endpoint, post).start(timeout);
  }

  /** GETs the path; completes with the answer, or fails (also after {@code timeout}). */
  static CompletableFuture<Fetched> get(
      UpstreamConnections connections,
      XnioIoThread thread,
      ByteBufferPool buffers,
      Endpoint endpoint,
      String path,
      Duration timeout) {
    Sending get =
        (c, answered, failed) -> UpstreamRequests.get(c, endpoint, path, answered, failed);
    return new UpstreamFetch(connections, thread, buffers, endpoint, get).start(timeout);
  }

  private CompletableFuture<Fetched> start(Duration timeout) {
    thread.execute(
        () -> {
          timer =
              thread.executeAfter(
                  () -> fail(new HttpTimeoutException("request timed out")),
                  timeout.toMillis(),
                  TimeUnit.MILLISECONDS);
          connect();
        });
    return result;
  }

  private void connect() {
    connections.borrow(
        thread,
        buffers,
        endpoint.address(),
        new UpstreamConnections.Borrower() {
          @Override
          public void connected(ClientConnection c, boolean kept) {
            connection = c;
            reused = kept;
            if (result.isDone()) {
              connections.discard(c);
            } else {
              send();
            }
          }

          @Override
          public void failed(IOException e) {
            fail(e);
          }
        });
  }

  private void send() {
    sending.send(connection, this::answered, this::fail);
  }

  private void answered(ClientExchange exchange) {
    answered = true;
    StreamSourceChannel channel = exchange.getResponseChannel();
    int status = exchange.getResponse().getResponseCode();
    channel.getReadSetter().set(c -> read(c, status));
    read(channel, status);
  }

  private void read(StreamSourceChannel channel, int status) {
    try (PooledByteBuffer pooled = buffers.allocate()) {
      ByteBuffer buffer = pooled.getBuffer();
      while (!result.isDone()) {
        buffer.clear();
        int n = channel.read(buffer);
        if (n == 0) {
          channel.resumeReads();
          return;
        }
        if (n < 0) {
          connections.giveBack(endpoint.address(), connection);
          timer.remove();
          result.complete(new Fetched(status, answer.text()));
          return;
        }
        buffer.flip();
        if (!answer.add(buffer)) {
          fail(WholeAnswer.tooLarge());
          return;
        }
      }
    } catch (IOException e) {
      fail(e);
    }
  }

  private void fail(IOException e) {
    if (result.isDone()) {
      return;
    }
    if (connection != null) {
      connections.discard(connection);
    }
    if (reused && !answered && !retried && !(e instanceof HttpTimeoutException)) {
      // a kept-alive connection the replica had closed: nothing reached it, ask on a new one
      retried = true;
      connection = null;
      reused = false;
      connect();
      return;
    }
    timer.remove();
    result.completeExceptionally(e);
  }
}
