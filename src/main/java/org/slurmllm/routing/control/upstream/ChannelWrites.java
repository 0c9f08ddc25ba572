package org.slurmllm.routing.control.upstream;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.xnio.channels.StreamSinkChannel;

/**
 * Writes a buffer to a channel without blocking: what the channel takes now is written at once, the
 * rest when it can take more, then the channel is flushed. The caller hears once: written, or
 * failed. Runs on the channel's I/O thread.
 */
public final class ChannelWrites {

  public interface Done {
    void written();

    void failed(IOException e);
  }

  private ChannelWrites() {}

  /**
   * Writes and flushes; {@code shutdown} ends the channel's output first (a request body sent
   * whole). Returns true if all was written and flushed before returning ({@code done.written} was
   * called).
   */
  public static boolean write(
      StreamSinkChannel channel, ByteBuffer buffer, boolean shutdown, Done done) {
    try {
      if (attempt(channel, buffer, shutdown)) {
        done.written();
        return true;
      }
    } catch (IOException e) {
      done.failed(e);
      return false;
    }
    channel
        .getWriteSetter()
        .set(
            c -> {
              try {
                if (attempt(c, buffer, shutdown)) {
                  c.suspendWrites();
                  c.getWriteSetter().set(null);
                  done.written();
                }
              } catch (IOException e) {
                c.suspendWrites();
                c.getWriteSetter().set(null);
                done.failed(e);
              }
            });
    channel.resumeWrites();
    return false;
  }

  /** One try: true when the buffer is all written (and the channel ended, if asked) and flushed. */
  private static boolean attempt(StreamSinkChannel channel, ByteBuffer buffer, boolean shutdown)
      throws IOException {
    while (buffer.hasRemaining()) {
      if (channel.write(buffer) == 0) {
        return false;
      }
    }
    if (shutdown) {
      channel.shutdownWrites();
    }
    return channel.flush();
  }
}
