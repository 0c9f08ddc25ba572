package org.slurmllm.routing.boundary;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slurmllm.routing.boundary.ChatTranslator.AnswerRewriter;
import org.xnio.channels.StreamSourceChannel;
import org.xnio.conduits.AbstractStreamSinkConduit;
import org.xnio.conduits.ConduitWritableByteChannel;
import org.xnio.conduits.Conduits;
import org.xnio.conduits.StreamSinkConduit;

/**
 * The client's end of a translated answer: what the relay writes (a chat answer) is rewritten on
 * its way out, without blocking. The relay's writer does not change: it writes and flushes as for
 * any answer, and its flush completes once the rewritten bytes and the rewriter's last ones are
 * out. While the rewriter finishes (storing what it answered), writes are not resumed, so the I/O
 * thread does not spin on a writable socket; it is woken when the last bytes are ready.
 */
final class RewritingConduit extends AbstractStreamSinkConduit<StreamSinkConduit> {

  private static final ByteBuffer NOTHING = ByteBuffer.allocate(0);

  private final AnswerRewriter rewriter;
  private final HttpServerExchange exchange;
  private ByteBuffer pending = NOTHING;
  private CompletableFuture<byte[]> finishing;
  private boolean lastTaken;
  private boolean nextTerminated;
  private boolean resumeWanted;

  private RewritingConduit(StreamSinkConduit next, AnswerRewriter rewriter, HttpServerExchange ex) {
    super(next);
    this.rewriter = rewriter;
    this.exchange = ex;
  }

  /**
   * Installs the rewriter on the exchange's answer: a 200 is rewritten (its length is the
   * rewriter's now, so none is declared), anything else passes as it is.
   */
  static void install(HttpServerExchange exchange, AnswerRewriter rewriter) {
    exchange.addResponseWrapper(
        (factory, ex) -> {
          if (ex.getStatusCode() != 200) {
            return factory.create();
          }
          ex.getResponseHeaders().remove(Headers.CONTENT_LENGTH);
          return new RewritingConduit(factory.create(), rewriter, ex);
        });
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    if (finishing != null || !drain()) {
      return 0;
    }
    int n = src.remaining();
    byte[] chat = new byte[n];
    src.get(chat);
    pending = ByteBuffer.wrap(rewriter.rewrite(chat));
    drain();
    return n;
  }

  @Override
  public long write(ByteBuffer[] srcs, int offs, int len) throws IOException {
    long total = 0;
    for (int i = offs; i < offs + len; i++) {
      if (!srcs[i].hasRemaining()) {
        continue;
      }
      int n = write(srcs[i]);
      total += n;
      if (n == 0) {
        break;
      }
    }
    return total;
  }

  @Override
  public int writeFinal(ByteBuffer src) throws IOException {
    return Conduits.writeFinalBasic(this, src);
  }

  @Override
  public long writeFinal(ByteBuffer[] srcs, int offs, int len) throws IOException {
    return Conduits.writeFinalBasic(this, srcs, offs, len);
  }

  @Override
  public long transferFrom(FileChannel src, long position, long count) throws IOException {
    return src.transferTo(position, count, new ConduitWritableByteChannel(this));
  }

  @Override
  public long transferFrom(StreamSourceChannel source, long count, ByteBuffer throughBuffer)
      throws IOException {
    return Conduits.transfer(source, count, throughBuffer, this);
  }

  @Override
  public void terminateWrites() throws IOException {
    if (finishing == null) {
      finishing = rewriter.finish().exceptionally(failure -> new byte[0]);
      finishing.whenComplete((last, failure) -> exchange.getIoThread().execute(this::lastReady));
    }
  }

  @Override
  public boolean flush() throws IOException {
    if (!drain()) {
      return false;
    }
    if (finishing == null) {
      return next.flush();
    }
    if (!lastTaken) {
      if (!finishing.isDone()) {
        return false;
      }
      lastTaken = true;
      pending = ByteBuffer.wrap(finishing.getNow(new byte[0]));
      if (!drain()) {
        return false;
      }
    }
    if (!nextTerminated) {
      nextTerminated = true;
      next.terminateWrites();
    }
    return next.flush();
  }

  /** Writes what is rewritten and not yet out; false when the client cannot take it now. */
  private boolean drain() throws IOException {
    while (pending.hasRemaining()) {
      if (next.write(pending) == 0) {
        return false;
      }
    }
    return true;
  }

  private boolean waitingForLast() {
    return finishing != null && !finishing.isDone();
  }

  @Override
  public void resumeWrites() {
    if (waitingForLast()) {
      resumeWanted = true; // resumed once the last bytes are ready, not while the socket idles
    } else {
      next.resumeWrites();
    }
  }

  @Override
  public void suspendWrites() {
    resumeWanted = false;
    next.suspendWrites();
  }

  @Override
  public boolean isWriteResumed() {
    return resumeWanted || next.isWriteResumed();
  }

  @Override
  public void wakeupWrites() {
    if (waitingForLast()) {
      resumeWanted = true;
    } else {
      next.wakeupWrites();
    }
  }

  @Override
  public void awaitWritable() throws IOException {
    if (waitingForLast()) {
      finishing.join();
    }
    next.awaitWritable();
  }

  @Override
  public void awaitWritable(long time, TimeUnit timeUnit) throws IOException {
    if (waitingForLast()) {
      try {
        finishing.get(time, timeUnit);
      } catch (Exception e) {
        return; // the time is up, or the rewriter failed: flush() tells which
      }
    }
    next.awaitWritable(time, timeUnit);
  }

  /** The last bytes are ready: a writer that waited for them is woken (on the I/O thread). */
  private void lastReady() {
    if (resumeWanted) {
      resumeWanted = false;
      next.wakeupWrites();
    }
  }
}
