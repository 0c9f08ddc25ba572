package org.slurmllm.routing.control.relay;

import static org.slurmllm.rest.JsonP.JSON;

import jakarta.json.JsonArray;
import jakarta.json.JsonReader;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * A replica's server-sent event stream, cut into whole events as its bytes arrive, whatever the
 * read boundaries. Whole events go on to the client unchanged, each event at once (never held for
 * the next); the usage chunk the gateway asked for on the client's behalf is left out, and each
 * chunk names the tier that serves it ({@link TierStamp}, when one is given). Each {@code data:}
 * line's JSON goes to a listener (the request's meter). Pure: bytes in, bytes out.
 */
final class EventStream {

  private static final byte[] DONE = "data: [DONE]".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] DATA_JSON = "data: {".getBytes(StandardCharsets.US_ASCII);

  private final boolean hideUsage;
  private final Consumer<String> onData;

  /** Written after the brace of each chunk's JSON; null: nothing. */
  private final byte[] stamp;

  /** Where the stamp goes in the event under way, counted from its start. */
  private int[] stampAt = new int[2];

  private int stamps;

  /** Bytes read and not yet passed on: the event under way, from {@code eventStart}. */
  private byte[] held = new byte[1024];

  private int length;
  private int eventStart;

  /** Where the next line begins (lines before it in the event were looked at already). */
  private int lineStart;

  private boolean hideEvent;
  private boolean done;

  /**
   * @param hideUsage the client did not ask for the usage chunk (the gateway did, for the ledger):
   *     it is read but not passed on
   */
  EventStream(boolean hideUsage, Consumer<String> onData) {
    this(hideUsage, onData, null);
  }

  EventStream(boolean hideUsage, Consumer<String> onData, TierStamp tier) {
    this.hideUsage = hideUsage;
    this.onData = onData;
    this.stamp = tier == null ? null : tier.field();
  }

  /** Takes the bytes read; returns the events they completed that go to the client (maybe none). */
  ByteBuffer feed(ByteBuffer in) {
    int n = in.remaining();
    if (length + n > held.length) {
      held = Arrays.copyOf(held, Math.max(held.length * 2, length + n));
    }
    in.get(held, length, n);
    length += n;
    ByteArrayOutputStream out = null;
    int newline;
    while ((newline = indexOfNewline(lineStart)) >= 0) {
      int start = lineStart;
      int end = newline > start && held[newline - 1] == '\r' ? newline - 1 : newline;
      lineStart = newline + 1;
      if (end == start) { // a blank line: the event is whole
        if (!hideEvent) {
          if (out == null) {
            out = new ByteArrayOutputStream(lineStart - eventStart + 32);
          }
          int from = eventStart;
          for (int k = 0; k < stamps; k++) {
            int at = eventStart + stampAt[k];
            out.write(held, from, at - from);
            out.write(stamp, 0, stamp.length);
            from = at;
          }
          out.write(held, from, lineStart - from);
        }
        eventStart = lineStart;
        hideEvent = false;
        stamps = 0;
      } else if (startsWith(start, end, DATA_JSON)) {
        String json = new String(held, start + 6, end - start - 6, StandardCharsets.UTF_8);
        onData.accept(json);
        if (hideUsage && usageOnly(json)) {
          hideEvent = true;
        } else if (stamp != null && TierStamp.wants(json)) {
          if (stamps == stampAt.length) {
            stampAt = Arrays.copyOf(stampAt, stamps * 2);
          }
          stampAt[stamps++] = start + DATA_JSON.length - eventStart;
        }
      } else if (end - start == DONE.length && startsWith(start, end, DONE)) {
        done = true;
      }
    }
    // what is left is the event under way: moved to the front
    System.arraycopy(held, eventStart, held, 0, length - eventStart);
    length -= eventStart;
    lineStart -= eventStart;
    eventStart = 0;
    return out == null ? ByteBuffer.allocate(0) : ByteBuffer.wrap(out.toByteArray());
  }

  /** Whether {@code data: [DONE]} came: the stream ended as it should. */
  boolean done() {
    return done;
  }

  /** What came after the last whole event (a stream cut mid-event), to pass on as it is. */
  ByteBuffer rest() {
    int from = hideEvent ? lineStart : eventStart;
    ByteBuffer rest = ByteBuffer.wrap(Arrays.copyOfRange(held, from, length));
    length = 0;
    eventStart = 0;
    lineStart = 0;
    stamps = 0;
    return rest;
  }

  private int indexOfNewline(int from) {
    for (int i = from; i < length; i++) {
      if (held[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private boolean startsWith(int start, int end, byte[] prefix) {
    if (end - start < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (held[start + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * The last chunk of a stream asked to include usage: no choices, only the counts. Parsed only
   * when the text names usage (once a stream).
   */
  static boolean usageOnly(String json) {
    if (!json.contains("\"usage\"")) {
      return false;
    }
    try (JsonReader reader = JSON.createReader(new StringReader(json))) {
      JsonArray choices = reader.readObject().getJsonArray("choices");
      return choices == null || choices.isEmpty();
    } catch (RuntimeException e) {
      return false;
    }
  }
}
