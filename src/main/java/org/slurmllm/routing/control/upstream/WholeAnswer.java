package org.slurmllm.routing.control.upstream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A replica's answer read whole (a non-streamed answer, an error body, the application's own
 * calls), held up to a bound: a runaway answer is cut rather than filling the heap. One class for
 * the relay ({@code relay.UpstreamCall}) and the application's calls ({@link UpstreamFetch}), so
 * both cut at the same size and say so in the same words.
 */
public final class WholeAnswer {

  /** The most of an answer that is held. */
  static final int MAX_BYTES = 64 * 1024 * 1024;

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

  /** Keeps what the (flipped) buffer holds; false, keeping nothing, when that passes the bound. */
  public boolean add(ByteBuffer buffer) {
    if (bytes.size() + buffer.remaining() > MAX_BYTES) {
      return false;
    }
    byte[] copy = new byte[buffer.remaining()]; // pooled buffers are direct: copied out
    buffer.get(copy);
    bytes.write(copy, 0, copy.length);
    return true;
  }

  /** Why an answer that passed the bound was cut. */
  public static IOException tooLarge() {
    return new IOException("answered with more than " + MAX_BYTES + " bytes");
  }

  public byte[] toByteArray() {
    return bytes.toByteArray();
  }

  public String text() {
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
