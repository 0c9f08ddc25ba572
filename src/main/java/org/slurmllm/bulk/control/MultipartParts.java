package org.slurmllm.bulk.control;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * A {@code multipart/form-data} body read part by part as it arrives, each part's content a stream
 * of its own: nothing is held but one buffer, so the caller decides how much of each part it reads
 * (a form field a few hundred bytes, the file up to its limit) and stops at the first part it
 * refuses, whatever the order of the parts. The container's parser reads the whole body (and spools
 * every part) before the first one can be looked at.
 */
public final class MultipartParts {

  static final int BUFFER = 64 * 1024;

  /** A form that is not multipart as RFC 7578 says: a 400. */
  public static final class MalformedForm extends IOException {
    public MalformedForm(String message) {
      super(message);
    }
  }

  /**
   * One part: its form name, the file name when it is a file, its content (read it before asking
   * for the next part, or what is left of it is skipped).
   */
  public record Part(String name, String filename, InputStream content) {}

  private final InputStream in;
  private final byte[] delimiter;
  private final int maxHeaderBytes;
  private final byte[] buf = new byte[BUFFER];
  private int pos;
  private int end;
  private Content current;
  private boolean finished;
  private boolean started;

  /**
   * @param boundary the Content-Type's boundary parameter
   * @param maxHeaderBytes most bytes of a part's headers (and of a preamble)
   */
  public MultipartParts(InputStream in, String boundary, int maxHeaderBytes) {
    this.in = in;
    this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    this.maxHeaderBytes = maxHeaderBytes;
    // the body starts with "--boundary": as if a line break came before it, like every other one
    buf[0] = '\r';
    buf[1] = '\n';
    end = 2;
    current = new Content(); // the preamble
  }

  /** The boundary of a {@code multipart/form-data} Content-Type, or null when it has none. */
  public static String boundaryOf(String contentType) {
    if (contentType == null) {
      return null;
    }
    String value = parameter(contentType, "boundary");
    return value == null || value.isEmpty() || value.length() > 70 ? null : value;
  }

  /** The next part, or null after the last one. */
  public Part next() throws IOException {
    if (finished) {
      return null;
    }
    if (!started) {
      started = true;
      if (current.skipAtMost(maxHeaderBytes) < 0) {
        throw new MalformedForm("the form does not start with its boundary");
      }
    } else {
      current.skipAtMost(Long.MAX_VALUE);
    }
    // after a delimiter: "--" ends the form, a line break starts a part's headers
    if (!ensure(2)) {
      throw new MalformedForm("the form ends after a boundary");
    }
    if (buf[pos] == '-' && buf[pos + 1] == '-') {
      finished = true;
      return null;
    }
    skipPadding();
    String disposition = null;
    int headerBytes = 0;
    while (true) {
      String line = line(maxHeaderBytes - headerBytes);
      headerBytes += line.length() + 2;
      if (headerBytes > maxHeaderBytes) {
        throw new MalformedForm("a part's headers are longer than " + maxHeaderBytes + " bytes");
      }
      if (line.isEmpty()) {
        break;
      }
      int colon = line.indexOf(':');
      if (colon > 0
          && line.substring(0, colon).trim().equalsIgnoreCase("content-disposition")
          && disposition == null) {
        disposition = line.substring(colon + 1).trim();
      }
    }
    if (disposition == null
        || !disposition.toLowerCase(Locale.ROOT).startsWith("form-data")
        || parameter(disposition, "name") == null) {
      throw new MalformedForm("a part has no Content-Disposition: form-data with a name");
    }
    current = new Content();
    return new Part(parameter(disposition, "name"), parameter(disposition, "filename"), current);
  }

  /** Transport padding (spaces, tabs) then the line break after a boundary. */
  private void skipPadding() throws IOException {
    for (int i = 0; i < 64 && ensure(1) && (buf[pos] == ' ' || buf[pos] == '\t'); i++) {
      pos++;
    }
    if (!ensure(2) || buf[pos] != '\r' || buf[pos + 1] != '\n') {
      throw new MalformedForm("a boundary is not followed by a line break");
    }
    pos += 2;
  }

  /** One header line (without its line break), refused when longer than {@code most} bytes. */
  private String line(int most) throws IOException {
    int scanned = 0;
    while (true) {
      for (; pos + scanned < end; scanned++) {
        if (buf[pos + scanned] == '\n') {
          int length = scanned > 0 && buf[pos + scanned - 1] == '\r' ? scanned - 1 : scanned;
          String line = new String(buf, pos, length, StandardCharsets.UTF_8);
          pos += scanned + 1;
          return line;
        }
      }
      if (scanned >= most) {
        throw new MalformedForm("a part's headers are longer than " + maxHeaderBytes + " bytes");
      }
      if (!fill()) {
        throw new MalformedForm("the form ends inside a part's headers");
      }
    }
  }

  /** Whether at least {@code n} bytes are buffered (reading more when needed). */
  private boolean ensure(int n) throws IOException {
    while (end - pos < n) {
      if (!fill()) {
        return false;
      }
    }
    return true;
  }

  /** Moves what is unread to the front and reads more behind it; false at the end of input. */
  private boolean fill() throws IOException {
    if (pos > 0) {
      System.arraycopy(buf, pos, buf, 0, end - pos);
      end -= pos;
      pos = 0;
    }
    if (end == buf.length) {
      return true; // full: the caller consumes before asking again
    }
    int n = in.read(buf, end, buf.length - end);
    if (n < 0) {
      return false;
    }
    end += n;
    return true;
  }

  private int indexOfDelimiter() {
    for (int i = pos, last = end - delimiter.length; i <= last; i++) {
      if (buf[i] == delimiter[0]
          && Arrays.equals(buf, i, i + delimiter.length, delimiter, 0, delimiter.length)) {
        return i;
      }
    }
    return -1;
  }

  /** A parameter of a header value ({@code name="x"}, quoted or not), or null. */
  static String parameter(String header, String name) {
    int i = 0;
    int n = header.length();
    while (i < n) {
      int semi = header.indexOf(';', i);
      if (semi < 0) {
        return null;
      }
      i = semi + 1;
      while (i < n && header.charAt(i) == ' ') {
        i++;
      }
      int eq = header.indexOf('=', i);
      if (eq < 0) {
        return null;
      }
      String key = header.substring(i, eq).trim();
      i = eq + 1;
      String value;
      if (i < n && header.charAt(i) == '"') {
        StringBuilder v = new StringBuilder();
        i++;
        while (i < n && header.charAt(i) != '"') {
          char c = header.charAt(i);
          if (c == '\\' && i + 1 < n) {
            c = header.charAt(++i);
          }
          v.append(c);
          i++;
        }
        i++;
        value = v.toString();
      } else {
        int stop = header.indexOf(';', i);
        value = header.substring(i, stop < 0 ? n : stop).trim();
        i = stop < 0 ? n : stop;
      }
      if (key.equalsIgnoreCase(name)) {
        return value;
      }
    }
    return null;
  }

  /** A part's content: the bytes up to the next delimiter, which it consumes. */
  private final class Content extends InputStream {
    boolean done;
    long read;

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (done) {
        return -1;
      }
      if (len == 0) {
        return 0;
      }
      while (true) {
        int found = indexOfDelimiter();
        int available;
        if (found >= 0) {
          available = found - pos;
          if (available == 0) {
            pos = found + delimiter.length;
            done = true;
            return -1;
          }
        } else {
          // a delimiter may begin in the last bytes: keep them until more has come
          available = end - pos - (delimiter.length - 1);
          if (available <= 0) {
            if (!fill()) {
              throw new MalformedForm("the form ends inside a part (no closing boundary)");
            }
            continue;
          }
        }
        int n = Math.min(available, len);
        System.arraycopy(buf, pos, b, off, n);
        pos += n;
        read += n;
        return n;
      }
    }

    /** Reads to the end of the part, at most {@code most} bytes; -1 when there were more. */
    long skipAtMost(long most) throws IOException {
      byte[] sink = new byte[8192];
      long total = 0;
      int n;
      while ((n = read(sink, 0, (int) Math.min(sink.length, Math.max(1, most - total + 1)))) > 0) {
        total += n;
        if (total > most) {
          return -1;
        }
      }
      return total;
    }
  }
}
