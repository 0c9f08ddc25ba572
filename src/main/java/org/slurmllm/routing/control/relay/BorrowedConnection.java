package org.slurmllm.routing.control.relay;

import io.undertow.client.ClientConnection;
import io.undertow.connector.ByteBufferPool;
import java.io.IOException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slurmllm.routing.control.upstream.UpstreamConnections;
import org.xnio.XnioIoThread;

/**
 * The replica's connection for one relayed try ({@link UpstreamCall}): borrowed from the pool on
 * the client's I/O thread, then given back once an answer was read to its end on it, or closed when
 * the exchange was cut. It remembers whether it was kept alive from an earlier answer: a failure on
 * such a connection before any answer may only mean the replica closed it while idle, which is what
 * lets the relay ask again.
 */
final class BorrowedConnection {

  private final UpstreamConnections pool;
  private final String address;
  private ClientConnection connection;
  private boolean reused;

  BorrowedConnection(UpstreamConnections pool, String address) {
    this.pool = pool;
    this.address = address;
  }

  /**
   * Borrows a connection (on {@code thread}, the current one). {@code ready} runs once it is there,
   * unless the try is {@code over} by then (timed out, or the client left): it is closed instead.
   */
  void borrow(
      XnioIoThread thread,
      ByteBufferPool buffers,
      BooleanSupplier over,
      Runnable ready,
      Consumer<IOException> failed) {
    pool.borrow(
        thread,
        buffers,
        address,
        new UpstreamConnections.Borrower() {
          @Override
          public void connected(ClientConnection c, boolean kept) {
            connection = c;
            reused = kept;
            if (over.getAsBoolean()) {
              pool.discard(c);
            } else {
              ready.run();
            }
          }

          @Override
          public void failed(IOException e) {
            failed.accept(e);
          }
        });
  }

  ClientConnection connection() {
    return connection;
  }

  /** Whether it was kept alive from an earlier answer. */
  boolean reused() {
    return reused;
  }

  /** Back to the pool: an answer was read to its end on it. */
  void giveBack() {
    pool.giveBack(address, connection);
  }

  /** Closed, not reused (if there is one yet): its exchange was cut. */
  void discard() {
    if (connection != null) {
      pool.discard(connection);
    }
  }
}
