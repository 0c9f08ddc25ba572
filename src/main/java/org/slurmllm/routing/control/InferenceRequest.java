package org.slurmllm.routing.control;

import static org.slurmllm.rest.JsonP.JSON;

import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParsingException;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.NoSuchElementException;

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

  /** The OpenAI endpoints the gateway relays, with the usage ledger's name for each. */
  public enum Kind {
    CHAT("/v1/chat/completions", "chat"),
    COMPLETION("/v1/completions", "completion"),
    EMBEDDING("/v1/embeddings", "embedding");

    private final String path;
    private final String ledgerName;

    Kind(String path, String ledgerName) {
      this.path = path;
      this.ledgerName = ledgerName;
    }

    public String path() {
      return path;
    }

    public String ledgerName() {
      return ledgerName;
    }

    /** The kind served at the path, or null. */
    public static Kind at(String path) {
      return switch (path) {
        case "/v1/chat/completions" -> CHAT;
        case "/v1/completions" -> COMPLETION;
        case "/v1/embeddings" -> EMBEDDING;
        default -> null;
      };
    }
  }

  public static InferenceRequest parse(byte[] body, boolean chat) {
    return parse(body, chat ? Kind.CHAT : Kind.COMPLETION);
  }

  public static InferenceRequest parse(byte[] body, Kind kind) {
    return new Reading(body, kind).read();
  }

  /**
   * The body of a streamed request with {@code stream_options.include_usage} set: the model server
   * then ends the stream with a chunk that counts the tokens, which the ledger needs (the relay
   * keeps that chunk from a client that did not ask for it). The usual body has no {@code
   * stream_options}: the field is put in front of the others, the body's bytes otherwise as they
   * came (no parse, no serialisation); a body with its own options is rebuilt.
   */
  public static byte[] withUsageReported(byte[] body) {
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

  private static final byte[] STREAM_OPTIONS = "stream_options".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] USAGE_FIELD =
      "\"stream_options\":{\"include_usage\":true},".getBytes(StandardCharsets.US_ASCII);

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

  /**
   * One pass of a streaming parser over the body: the top-level fields routing needs are read,
   * everything else is skipped without building it (a 64 KB prompt is never a tree of objects).
   */
  private static final class Reading {
    private final byte[] body;
    private final Kind kind;
    private String model;
    private JsonValue.ValueType stream;
    private boolean usage;
    private int chars = -1;
    private long maxTokens;

    Reading(byte[] body, Kind kind) {
      this.body = body;
      this.kind = kind;
    }

    InferenceRequest read() {
      try (JsonParser parser = JSON.createParser(new ByteArrayInputStream(body))) {
        if (!parser.hasNext() || parser.next() != JsonParser.Event.START_OBJECT) {
          throw new Invalid(null, "Request body is not a JSON object.");
        }
        while (parser.next() == JsonParser.Event.KEY_NAME) {
          field(parser.getString(), parser);
        }
        if (parser.hasNext()) {
          parser.next(); // anything after the object is not JSON
          throw new Invalid(null, "Request body is not a JSON object: text after its end.");
        }
      } catch (JsonParsingException | NoSuchElementException e) {
        throw new Invalid(null, "Request body is not a JSON object: " + e.getMessage());
      } catch (JsonException e) {
        throw new Invalid(null, "Request body is not a JSON object: " + e.getMessage());
      }
      if (model == null || model.isBlank()) {
        throw new Invalid("model", "model: a model name is required");
      }
      if (chars < 0) {
        throw switch (kind) {
          case CHAT -> new Invalid("messages", "messages: must be a non-empty array of messages");
          case COMPLETION ->
              new Invalid("prompt", "prompt: must be a string or an array of strings");
          case EMBEDDING -> new Invalid("input", INPUT_SHAPE);
        };
      }
      // an embeddings answer is never streamed, whatever the body says
      boolean streamed = kind != Kind.EMBEDDING && stream == JsonValue.ValueType.TRUE;
      return new InferenceRequest(model, streamed, chars, usage, maxTokens);
    }

    private void field(String key, JsonParser parser) {
      JsonParser.Event value = parser.next();
      switch (key) {
        case "model" -> model = value == JsonParser.Event.VALUE_STRING ? parser.getString() : null;
        case "stream" -> {
          stream =
              switch (value) {
                case VALUE_TRUE -> JsonValue.ValueType.TRUE;
                case VALUE_FALSE -> JsonValue.ValueType.FALSE;
                case VALUE_NULL -> JsonValue.ValueType.NULL;
                default -> throw new Invalid("stream", "stream: must be true or false");
              };
        }
        case "stream_options" ->
            usage = value == JsonParser.Event.START_OBJECT && includesUsage(parser);
        case "max_tokens", "max_completion_tokens" -> maxTokens(key, value, parser);
        case "input" -> {
          if (kind == Kind.EMBEDDING) {
            chars = input(value, parser);
          } else {
            skip(value, parser);
          }
        }
        case "encoding_format" -> {
          if (kind == Kind.EMBEDDING
              && !(value == JsonParser.Event.VALUE_STRING
                  && (parser.getString().equals("float") || parser.getString().equals("base64")))) {
            skip(value, parser);
            throw new Invalid("encoding_format", "encoding_format: must be float or base64");
          }
          skip(value, parser);
        }
        case "dimensions" -> {
          if (kind == Kind.EMBEDDING
              && value != JsonParser.Event.VALUE_NULL
              && (value != JsonParser.Event.VALUE_NUMBER
                  || !parser.isIntegralNumber()
                  || parser.getBigDecimal().signum() <= 0)) {
            skip(value, parser);
            throw new Invalid("dimensions", "dimensions: must be a whole number of at least 1");
          }
          skip(value, parser);
        }
        case "messages" -> {
          if (kind == Kind.CHAT) {
            chars = messages(value, parser);
          } else {
            skip(value, parser);
          }
        }
        case "prompt" -> {
          if (kind == Kind.COMPLETION) {
            chars = prompt(value, parser);
          } else {
            skip(value, parser);
          }
        }
        default -> skip(value, parser);
      }
    }

    private void maxTokens(String key, JsonParser.Event value, JsonParser parser) {
      if (value == JsonParser.Event.VALUE_NULL) {
        return;
      }
      if (value != JsonParser.Event.VALUE_NUMBER
          || !parser.isIntegralNumber()
          || parser.getBigDecimal().signum() <= 0) {
        skip(value, parser);
        throw new Invalid(key, key + ": must be a whole number of at least 1");
      }
      maxTokens = Math.max(maxTokens, parser.getBigDecimal().min(BIG_DECIMAL).longValue());
    }

    private static boolean includesUsage(JsonParser parser) {
      boolean include = false;
      while (parser.next() == JsonParser.Event.KEY_NAME) {
        String key = parser.getString();
        JsonParser.Event value = parser.next();
        if (key.equals("include_usage")) {
          include = value == JsonParser.Event.VALUE_TRUE;
        }
        skip(value, parser);
      }
      return include;
    }

    private static int messages(JsonParser.Event value, JsonParser parser) {
      if (value != JsonParser.Event.START_ARRAY) {
        skip(value, parser);
        throw new Invalid("messages", "messages: must be a non-empty array of messages");
      }
      int chars = 0;
      int i = 0;
      JsonParser.Event next;
      while ((next = parser.next()) != JsonParser.Event.END_ARRAY) {
        if (next != JsonParser.Event.START_OBJECT) {
          throw new Invalid(
              "messages[" + i + "]", "messages[" + i + "]: must be an object with a role");
        }
        boolean role = false;
        while (parser.next() == JsonParser.Event.KEY_NAME) {
          String key = parser.getString();
          JsonParser.Event v = parser.next();
          if (key.equals("role")) {
            role = v == JsonParser.Event.VALUE_STRING;
          }
          chars += key.equals("content") ? textLength(v, parser) : skipCounting(v, parser);
        }
        if (!role) {
          throw new Invalid(
              "messages[" + i + "]", "messages[" + i + "]: must be an object with a role");
        }
        i++;
      }
      if (i == 0) {
        throw new Invalid("messages", "messages: must be a non-empty array of messages");
      }
      return chars;
    }

    /**
     * The characters of an embeddings input (a token counts as four): a non-empty string, or a
     * non-empty array of non-empty strings, of token ids, or of non-empty arrays of token ids.
     */
    private static int input(JsonParser.Event value, JsonParser parser) {
      if (value == JsonParser.Event.VALUE_STRING) {
        if (parser.getString().isEmpty()) {
          throw new Invalid("input", "input: must not be empty");
        }
        return parser.getString().length();
      }
      if (value != JsonParser.Event.START_ARRAY) {
        skip(value, parser);
        throw new Invalid("input", INPUT_SHAPE);
      }
      int chars = 0;
      int items = 0;
      JsonParser.Event next;
      boolean oneTokenArray = false;
      while ((next = parser.next()) != JsonParser.Event.END_ARRAY) {
        oneTokenArray |= items == 0 && next == JsonParser.Event.VALUE_NUMBER;
        if (items >= MOST_INPUTS && !oneTokenArray) {
          throw new Invalid("input", "input: at most " + MOST_INPUTS + " items");
        }
        switch (next) {
          case VALUE_STRING -> {
            if (parser.getString().isEmpty()) {
              throw new Invalid("input", "input[" + items + "]: must not be empty");
            }
            chars += parser.getString().length();
          }
          case VALUE_NUMBER -> chars += tokenId(parser, 0);
          case START_ARRAY -> {
            int tokens = 0;
            while (parser.next() != JsonParser.Event.END_ARRAY) {
              tokens += tokenId(parser, items) > 0 ? 1 : 0;
            }
            if (tokens == 0) {
              throw new Invalid("input", "input[" + items + "]: must not be empty");
            }
            chars += tokens * 4;
          }
          default -> {
            skip(next, parser);
            throw new Invalid("input", INPUT_SHAPE);
          }
        }
        items++;
      }
      if (items == 0) {
        throw new Invalid("input", "input: must not be empty");
      }
      return chars;
    }

    /** A token id (a whole number of at least 0): four characters' worth. */
    private static int tokenId(JsonParser parser, int index) {
      if (parser.currentEvent() != JsonParser.Event.VALUE_NUMBER
          || !parser.isIntegralNumber()
          || parser.getBigDecimal().signum() < 0) {
        throw new Invalid("input", "input[" + index + "]: token ids must be whole numbers >= 0");
      }
      return 4;
    }

    private static int prompt(JsonParser.Event value, JsonParser parser) {
      if (value == JsonParser.Event.VALUE_STRING) {
        return parser.getString().length();
      }
      if (value == JsonParser.Event.START_ARRAY) {
        int chars = 0;
        int items = 0;
        JsonParser.Event next;
        while ((next = parser.next()) != JsonParser.Event.END_ARRAY) {
          chars += textLength(next, parser);
          items++;
        }
        if (items > 0) {
          return chars;
        }
      } else {
        skip(value, parser);
      }
      throw new Invalid("prompt", "prompt: must be a string or an array of strings");
    }

    /** The characters of a text value, or of the texts inside an array or object of parts. */
    private static int textLength(JsonParser.Event value, JsonParser parser) {
      return value == JsonParser.Event.VALUE_STRING
          ? parser.getString().length()
          : skipCounting(value, parser);
    }

    /** Skips a value; answers the characters of the texts inside it. */
    private static int skipCounting(JsonParser.Event value, JsonParser parser) {
      if (value == JsonParser.Event.VALUE_STRING) {
        return 0; // another field's text: not the prompt
      }
      if (value != JsonParser.Event.START_ARRAY && value != JsonParser.Event.START_OBJECT) {
        return 0;
      }
      int chars = 0;
      int depth = 1;
      while (depth > 0) {
        JsonParser.Event e = parser.next();
        switch (e) {
          case START_ARRAY, START_OBJECT -> depth++;
          case END_ARRAY, END_OBJECT -> depth--;
          case VALUE_STRING -> chars += parser.getString().length();
          default -> {}
        }
      }
      return chars;
    }

    private static void skip(JsonParser.Event value, JsonParser parser) {
      if (value == JsonParser.Event.START_ARRAY) {
        parser.skipArray();
      } else if (value == JsonParser.Event.START_OBJECT) {
        parser.skipObject();
      }
    }
  }

  private static final String INPUT_SHAPE =
      "input: must be a string, an array of strings, a token array or an array of token arrays";

  /** OpenAI's bound on the inputs of one embeddings request. */
  static final int MOST_INPUTS = 2048;

  private static final BigDecimal BIG_DECIMAL = BigDecimal.valueOf(Long.MAX_VALUE);

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
