package org.slurmllm.routing.control;

import static org.slurmllm.rest.JsonP.JSON;

import jakarta.json.JsonArray;
import jakarta.json.JsonReader;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * A replica's server-sent event stream, cut into whole events as its bytes arrive, whatever the
 * read boundaries. Whole events go on to the client unchanged, each event at once (never held for
 * the next); the usage chunk the gateway asked for on the client's behalf is left out. Each {@code
 * data:} line's JSON goes to a listener (the request's meter). Pure: bytes in, bytes out.
 */
final class EventStream {

  private static final byte[] DONE = "data: [DONE]".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] DATA_JSON = "data: {".getBytes(StandardCharsets.US_ASCII);

  private final boolean hideUsage;
  private final Consumer<String> onData;
  private final ByteArrayOutputStream event = new ByteArrayOutputStream(512);
  private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
  private boolean hideEvent;
  private boolean done;

  /**
   * @param hideUsage the client did not ask for the usage chunk (the gateway did, for the ledger):
   *     it is read but not passed on
   */
  EventStream(boolean hideUsage, Consumer<String> onData) {
    this.hideUsage = hideUsage;
    this.onData = onData;
  }

  /** Takes the bytes read; returns the events they completed that go to the client (maybe none). */
  ByteBuffer feed(ByteBuffer in) {
    ByteArrayOutputStream out = null;
    while (in.hasRemaining()) {
      byte b = in.get();
      line.write(b);
      if (b != '\n') {
        continue;
      }
      byte[] text = line.toByteArray();
      line.reset();
      int end = text.length - 1; // without the '\n'
      if (end > 0 && text[end - 1] == '\r') {
        end--;
      }
      event.write(text, 0, text.length);
      if (end == 0) { // a blank line: the event is whole
        if (!hideEvent) {
          if (out == null) {
            out = new ByteArrayOutputStream(event.size());
          }
          out.writeBytes(event.toByteArray());
        }
        event.reset();
        hideEvent = false;
      } else if (startsWith(text, end, DATA_JSON)) {
        String json = new String(text, 6, end - 6, StandardCharsets.UTF_8);
        onData.accept(json);
        if (hideUsage && usageOnly(json)) {
          hideEvent = true;
        }
      } else if (end == DONE.length && startsWith(text, end, DONE)) {
        done = true;
      }
    }
    return out == null ? ByteBuffer.allocate(0) : ByteBuffer.wrap(out.toByteArray());
  }

  /** Whether {@code data: [DONE]} came: the stream ended as it should. */
  boolean done() {
    return done;
  }

  /** What came after the last whole event (a stream cut mid-event), to pass on as it is. */
  ByteBuffer rest() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (!hideEvent) {
      out.writeBytes(event.toByteArray());
    }
    out.writeBytes(line.toByteArray());
    event.reset();
    line.reset();
    return ByteBuffer.wrap(out.toByteArray());
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

  private static boolean startsWith(byte[] text, int end, byte[] prefix) {
    if (end < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (text[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
