package org.slurmllm.routing.control;

import static org.slurmllm.rest.JsonP.JSON;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParsingException;
import java.io.ByteArrayInputStream;

/**
 * What the gateway itself must know of an OpenAI request before passing it on unchanged: the model,
 * whether to stream, and whether it is well-formed enough to send (the model server does the rest).
 * A pure function of the body; failures name the field, as OpenAI's 400s do.
 */
public record InferenceRequest(
    String model, boolean stream, int promptChars, boolean usageRequested, long maxTokens) {

  /** The body is not a valid request: OpenAI's 400, with the field. */
  public static final class Invalid extends RuntimeException {
    private final String param;

    Invalid(String param, String message) {
      super(message, null, false, false);
      this.param = param;
    }

    public String param() {
      return param;
    }
  }

  private static final java.math.BigInteger BIG = java.math.BigInteger.valueOf(Long.MAX_VALUE);

  public static InferenceRequest parse(byte[] body, boolean chat) {
    JsonObject json;
    try (JsonReader reader = JSON.createReader(new ByteArrayInputStream(body))) {
      json = reader.readObject();
    } catch (JsonParsingException | ClassCastException | IllegalStateException e) {
      throw new Invalid(null, "Request body is not a JSON object: " + e.getMessage());
    }
    if (!(json.get("model") instanceof JsonString model) || model.getString().isBlank()) {
      throw new Invalid("model", "model: a model name is required");
    }
    int chars = chat ? messageChars(json.get("messages")) : promptChars(json.get("prompt"));
    long maxTokens = 0;
    for (String key : new String[] {"max_tokens", "max_completion_tokens"}) {
      JsonValue v = json.get(key);
      if (v == null || v == JsonValue.NULL) {
        continue;
      }
      if (!(v instanceof JsonNumber n && n.isIntegral() && n.bigIntegerValue().signum() > 0)) {
        throw new Invalid(key, key + ": must be a whole number of at least 1");
      }
      maxTokens = Math.max(maxTokens, n.bigIntegerValue().min(BIG).longValue());
    }
    JsonValue stream = json.get("stream");
    if (stream != null
        && stream != JsonValue.NULL
        && stream != JsonValue.TRUE
        && stream != JsonValue.FALSE) {
      throw new Invalid("stream", "stream: must be true or false");
    }
    boolean usage =
        json.get("stream_options") instanceof JsonObject options
            && options.get("include_usage") == JsonValue.TRUE;
    return new InferenceRequest(
        model.getString(), stream == JsonValue.TRUE, chars, usage, maxTokens);
  }

  /**
   * The body of a streamed request with {@code stream_options.include_usage} set: the model server
   * then ends the stream with a chunk that counts the tokens, which the ledger needs (the relay
   * keeps that chunk from a client that did not ask for it).
   */
  public static byte[] withUsageReported(byte[] body) {
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
        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  private static int messageChars(JsonValue value) {
    if (!(value instanceof JsonArray messages) || messages.isEmpty()) {
      throw new Invalid("messages", "messages: must be a non-empty array of messages");
    }
    int chars = 0;
    for (int i = 0; i < messages.size(); i++) {
      if (!(messages.get(i) instanceof JsonObject m) || !(m.get("role") instanceof JsonString)) {
        throw new Invalid(
            "messages[" + i + "]", "messages[" + i + "]: must be an object with a role");
      }
      chars +=
          m.get("content") instanceof JsonString s ? s.getString().length() : m.toString().length();
    }
    return chars;
  }

  private static int promptChars(JsonValue value) {
    if (value instanceof JsonString s) {
      return s.getString().length();
    }
    if (value instanceof JsonArray a && !a.isEmpty()) {
      return a.toString().length();
    }
    throw new Invalid("prompt", "prompt: must be a string or an array of strings");
  }

  /**
   * Whether the prompt cannot fit the context, checked before any replica is bothered: common
   * tokenizers give about one token per four characters of English and never fewer than one per
   * eight, so more than eight characters per context token cannot fit. Closer cases are the model
   * server's to refuse (it counts exactly; its 400 is passed on).
   */
  public boolean certainlyExceeds(int contextLength) {
    return promptChars / 8 > contextLength;
  }

  /**
   * Whether the completion asked for cannot fit the context even after an empty prompt (vLLM and
   * OpenAI refuse such requests too). Model servers size their work by it: a bound here keeps a
   * {@code max_tokens} of a billion from ever reaching one.
   */
  public boolean asksMoreThan(int contextLength) {
    return maxTokens > contextLength;
  }
}
