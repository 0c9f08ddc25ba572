package org.slurmllm.routing.control.request;

import static org.slurmllm.rest.JsonP.JSON;

import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

/**
 * Asks a model server to count a stream's tokens: {@code stream_options.include_usage} put into a
 * request's body. Its own class because it is the one place the gateway changes what a client sent,
 * and does so on bytes, without parsing the usual body.
 */
final class StreamUsageSplice {

  private static final byte[] STREAM_OPTIONS = "stream_options".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] USAGE_FIELD =
      "\"stream_options\":{\"include_usage\":true},".getBytes(StandardCharsets.US_ASCII);

  private StreamUsageSplice() {}

  /**
   * The body of a streamed request with {@code stream_options.include_usage} set: the model server
   * then ends the stream with a chunk that counts the tokens, which the ledger needs (the relay
   * keeps that chunk from a client that did not ask for it). The usual body has no {@code
   * stream_options}: the field is put in front of the others, the body's bytes otherwise as they
   * came (no parse, no serialisation); a body with its own options is rebuilt.
   */
  static byte[] withUsageReported(byte[] body) {
    int open = 0;
    while (open < body.length && body[open] != '{') {
      open++;
    }
    if (open < body.length && !contains(body, STREAM_OPTIONS)) {
      byte[] spliced = new byte[body.length + USAGE_FIELD.length];
      System.arraycopy(body, 0, spliced, 0, open + 1);
      System.arraycopy(USAGE_FIELD, 0, spliced, open + 1, USAGE_FIELD.length);
      System.arraycopy(
          body, open + 1, spliced, open + 1 + USAGE_FIELD.length, body.length - open - 1);
      return spliced;
    }
    JsonObject json;
    try (JsonReader reader = JSON.createReader(new ByteArrayInputStream(body))) {
      json = reader.readObject();
    }
    JsonObject options =
        json.get("stream_options") instanceof JsonObject o
            ? JSON.createObjectBuilder(o).add("include_usage", true).build()
            : JSON.createObjectBuilder().add("include_usage", true).build();
    return JSON.createObjectBuilder(json)
        .add("stream_options", options)
        .build()
        .toString()
        .getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Whether the bytes hold the word anywhere (a key, or inside a text: then rebuilt, still right).
   */
  private static boolean contains(byte[] bytes, byte[] word) {
    outer:
    for (int i = 0; i + word.length <= bytes.length; i++) {
      for (int j = 0; j < word.length; j++) {
        if (bytes[i + j] != word[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
