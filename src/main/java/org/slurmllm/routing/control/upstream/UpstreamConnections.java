package org.slurmllm.routing.control.upstream;

import io.undertow.UndertowOptions;
import io.undertow.client.ClientCallback;
import io.undertow.client.ClientConnection;
import io.undertow.client.UndertowClient;
import io.undertow.connector.ByteBufferPool;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.XnioExecutor;
import org.xnio.XnioIoThread;

/**
 * Kept-alive connections to replicas, one pool per Undertow I/O thread and replica address. A
 * relayed request borrows on the I/O thread of its client's connection, so the client's exchange
 * and the replica's connection share one thread: no locks, no thread hops, nothing blocks. A
 * connection goes back to its pool when an answer was read to its end on it; one that failed or was
 * cut is closed.
 */
public final class UpstreamConnections {

  /** What a borrower is told: a connection, and whether it was kept alive from before. */
  public interface Borrower {
    void connected(ClientConnection connection, boolean reused);

    void failed(IOException failure);
  }

  private static final OptionMap OPTIONS =
      OptionMap.builder()
          .set(Options.TCP_NODELAY, true)
          .set(Options.KEEP_ALIVE, true)
          .set(UndertowOptions.ENABLE_HTTP2, false)
          .getMap();

  /**
   * Every open connection, idle or in use, by address: a replica found dead has them closed at
   * once, so that a request waiting on one is tried again elsewhere rather than waiting out its
   * timeout on a node that will never answer. Changed only when a connection opens or closes.
   */
  private final Map<String, Set<ClientConnection>> open = new ConcurrentHashMap<>();

  /** How long a new connection may take: a live node's server accepts in milliseconds. */
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);

  /** Idle connections of one I/O thread, by address; touched only by that thread. */
  private final Map<XnioIoThread, Map<String, ArrayDeque<ClientConnection>>> idle =
      new ConcurrentHashMap<>();

  /** A connection to {@code address} on the current I/O thread (which must be {@code thread}). */
  public void borrow(
      XnioIoThread thread, ByteBufferPool buffers, String address, Borrower borrower) {
    ArrayDeque<ClientConnection> pool = pool(thread, address);
    ClientConnection kept;
    while ((kept = pool.pollLast()) != null) {
      if (kept.isOpen()) {
        borrower.connected(kept, true);
        return;
      }
    }
    // A node cut off answers no SYN: without a bound the connect would wait out the kernel's
    // retries (about two minutes). Only new connections get the timer; kept-alive ones need none.
    boolean[] over = new boolean[1]; // touched only on this I/O thread
    XnioExecutor.Key timer =
        thread.executeAfter(
            () -> {
              if (!over[0]) {
                over[0] = true;
                borrower.failed(
                    new ConnectException(
                        "no connection within " + CONNECT_TIMEOUT.toSeconds() + " s"));
              }
            },
            CONNECT_TIMEOUT.toMillis(),
            TimeUnit.MILLISECONDS);
    UndertowClient.getInstance()
        .connect(
            new ClientCallback<>() {
              @Override
              public void completed(ClientConnection connection) {
                timer.remove();
                if (over[0]) {
                  IoUtils.safeClose(connection); // too late: the borrower was told it failed
                  return;
                }
                over[0] = true;
                Set<ClientConnection> ofAddress =
                    open.computeIfAbsent(address, a -> ConcurrentHashMap.newKeySet());
                ofAddress.add(connection);
                // closed by the replica while idle (or its job ended): out of the pool at once
                connection.addCloseListener(
                    c -> {
                      pool.remove(c);
                      ofAddress.remove(c);
                    });
                borrower.connected(connection, false);
              }

              @Override
              public void failed(IOException e) {
                timer.remove();
                if (!over[0]) {
                  over[0] = true;
                  borrower.failed(e);
                }
              }
            },
            URI.create("http://" + address),
            thread,
            buffers,
            OPTIONS);
  }

  /** Back to the pool after a whole answer was read on it (on its I/O thread). */
  public void giveBack(String address, ClientConnection connection) {
    if (connection.isOpen()) {
      pool(connection.getIoThread(), address).addLast(connection);
    }
  }

  /** A connection whose exchange was cut (failure, silence, a client gone): not reused. */
  public void discard(ClientConnection connection) {
    IoUtils.safeClose(connection);
  }

  /**
   * Closes every connection to {@code address}, in use or idle, each on its own I/O thread: what
   * waits on one fails as if the replica had cut it (and is tried elsewhere if nothing of its
   * answer reached the client). For a replica found dead.
   */
  public void closeAll(String address) {
    Set<ClientConnection> ofAddress = open.remove(address);
    if (ofAddress != null) {
      for (ClientConnection c : ofAddress) {
        c.getIoThread().execute(() -> IoUtils.safeClose(c));
      }
    }
  }

  private ArrayDeque<ClientConnection> pool(XnioIoThread thread, String address) {
    return idle.computeIfAbsent(thread, t -> new HashMap<>())
        .computeIfAbsent(address, a -> new ArrayDeque<>());
  }
}
