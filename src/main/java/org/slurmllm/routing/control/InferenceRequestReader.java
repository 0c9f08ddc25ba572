package org.slurmllm.routing.control;

import static org.slurmllm.rest.JsonP.JSON;

import jakarta.json.JsonException;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParsingException;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.util.NoSuchElementException;
import org.slurmllm.routing.control.InferenceRequest.Invalid;
import org.slurmllm.routing.control.InferenceRequest.Kind;

/**
 * One pass of a streaming parser over a request's body: the top-level fields routing needs are
 * read, everything else is skipped without building it (a 64 KB prompt is never a tree of objects).
 * Its own class because how a body is read (event by event, counting the prompt's characters on the
 * way) is apart from what the gateway does with the {@link InferenceRequest} it makes; the rules of
 * embeddings' own fields are {@link EmbeddingFields}'.
 */
final class InferenceRequestReader {

  /** A max_tokens beyond a long is held as the largest one: it exceeds every context either way. */
  private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

  private final byte[] body;
  private final Kind kind;
  private String model;
  private JsonValue.ValueType stream;
  private boolean usage;
  private int chars = -1;
  private long maxTokens;

  InferenceRequestReader(byte[] body, Kind kind) {
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
        case COMPLETION -> new Invalid("prompt", "prompt: must be a string or an array of strings");
        case EMBEDDING -> new Invalid("input", EmbeddingFields.INPUT_SHAPE);
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
          chars = EmbeddingFields.input(value, parser);
        } else {
          skip(value, parser);
        }
      }
      case "encoding_format" -> {
        if (kind == Kind.EMBEDDING) {
          EmbeddingFields.encodingFormat(value, parser);
        } else {
          skip(value, parser);
        }
      }
      case "dimensions" -> {
        if (kind == Kind.EMBEDDING) {
          EmbeddingFields.dimensions(value, parser);
        } else {
          skip(value, parser);
        }
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
    maxTokens = Math.max(maxTokens, parser.getBigDecimal().min(LONG_MAX).longValue());
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

  /** Skips a value (a scalar is already read). */
  static void skip(JsonParser.Event value, JsonParser parser) {
    if (value == JsonParser.Event.START_ARRAY) {
      parser.skipArray();
    } else if (value == JsonParser.Event.START_OBJECT) {
      parser.skipObject();
    }
  }
}
