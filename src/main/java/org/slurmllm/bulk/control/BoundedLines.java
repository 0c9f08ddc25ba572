package org.slurmllm.bulk.control;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads a file's lines with a bound on each: a line longer than the bound is skipped to its end and
 * reported as too long, never held whole (a 200 MB file of one line would otherwise be read into
 * memory at once). Bytes that are not UTF-8 spoil their line only (replaced, not thrown).
 */
final class BoundedLines implements AutoCloseable {

  /**
   * One line: its text, or null with {@code tooLong} when it passed the bound; then {@code head} is
   * its beginning (where a {@code custom_id} usually is), at most {@link #HEAD_BYTES}.
   */
  record Line(String text, boolean tooLong, String head) {}

  /** What is kept of a line too long to hold: enough for the fields that come first. */
  static final int HEAD_BYTES = 4096;

  private final InputStream in;
  private final int maxBytes;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream(1024);

  BoundedLines(InputStream in, int maxBytes) {
    this.in = in.markSupported() ? in : new BufferedInputStream(in, 1 << 16);
    this.maxBytes = maxBytes;
  }

  /** The next line without its end ("\n" or "\r\n"), or null at the end of the file. */
  Line next() throws IOException {
    line.reset();
    boolean tooLong = false;
    byte[] head = null;
    int b;
    boolean any = false;
    while ((b = in.read()) != -1) {
      any = true;
      if (b == '\n') {
        break;
      }
      if (tooLong) {
        continue;
      }
      if (line.size() >= maxBytes) {
        tooLong = true;
        byte[] all = line.toByteArray();
        head = Arrays.copyOf(all, Math.min(all.length, HEAD_BYTES));
        line.reset();
        continue;
      }
      line.write(b);
    }
    if (!any) {
      return null;
    }
    if (tooLong) {
      return new Line(null, true, decode(head, head.length));
    }
    byte[] bytes = line.toByteArray();
    int length =
        bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
    return new Line(decode(bytes, length), false, null);
  }

  private static String decode(byte[] bytes, int length) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPLACE)
          .onUnmappableCharacter(CodingErrorAction.REPLACE)
          .decode(ByteBuffer.wrap(bytes, 0, length))
          .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalStateException(e); // not with REPLACE
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
