package org.slurmllm.routing.control.request;

import static org.slurmllm.rest.JsonP.JSON;

import jakarta.json.JsonException;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParsingException;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.NoSuchElementException;
import org.slurmllm.rest.FieldProblems;
import org.slurmllm.rest.MalformedBodyMapper;
import org.slurmllm.routing.control.request.InferenceRequest.Invalid;
import org.slurmllm.routing.control.request.InferenceRequest.Kind;

/**
 * One pass of a streaming parser over a request's body: the top-level fields routing needs are
 * read, everything else is skipped without building it (a 64 KB prompt is never a tree of objects).
 * A bad field does not end the pass: every one is noted, so that one 400 names them all. Its own
 * class because how a body is read (event by event, counting the prompt's characters on the way) is
 * apart from what the gateway does with the {@link InferenceRequest} it makes; the rules of
 * embeddings' own fields are {@link EmbeddingFields}', those of the generation settings {@link
 * SamplingFields}'.
 */
final class InferenceRequestReader {

  private static final String MESSAGES_SHAPE = "messages: must be a non-empty array of messages";
  private static final String PROMPT_SHAPE = "prompt: must be a string or an array of strings";

  private final byte[] body;
  private final Kind kind;
  private final FieldProblems problems = new FieldProblems();
  private String model;
  private boolean modelGiven;
  private JsonValue.ValueType stream;
  private boolean usage;
  private int chars = -1;
  private long maxTokens;
  private long n = 1;
  private String serviceTier;

  InferenceRequestReader(byte[] body, Kind kind) {
    this.body = body;
    this.kind = kind;
  }

  InferenceRequest read() {
    try (JsonParser parser = JSON.createParser(new ByteArrayInputStream(body))) {
      if (!parser.hasNext() || parser.next() != JsonParser.Event.START_OBJECT) {
        throw Invalid.malformed("Request body must be a JSON object.");
      }
      while (parser.next() == JsonParser.Event.KEY_NAME) {
        field(parser.getString(), parser);
      }
      if (parser.hasNext()) {
        parser.next(); // anything after the object is not JSON
        throw Invalid.malformed("Request body is malformed JSON: text after its end.");
      }
    } catch (JsonParsingException e) {
      throw Invalid.malformed(MalformedBodyMapper.malformed(e));
    } catch (NoSuchElementException e) {
      throw Invalid.malformed("Request body is malformed JSON: it ends early.");
    } catch (JsonException e) {
      throw Invalid.malformed("Request body is malformed JSON: " + e.getMessage());
    }
    if (!modelGiven) {
      problems.add("model", "model: a model name is required");
    }
    if (chars < 0) {
      switch (kind) {
        case CHAT, RESPONSE -> problems.add("messages", MESSAGES_SHAPE);
        case COMPLETION -> problems.add("prompt", PROMPT_SHAPE);
        case EMBEDDING -> problems.add("input", EmbeddingFields.INPUT_SHAPE);
      }
    }
    if (!problems.isEmpty()) {
      throw Invalid.fields(problems);
    }
    // an embeddings answer is never streamed, whatever the body says
    boolean streamed = kind != Kind.EMBEDDING && stream == JsonValue.ValueType.TRUE;
    return new InferenceRequest(model, streamed, chars, usage, maxTokens, n, serviceTier);
  }

  private void field(String key, JsonParser parser) {
    JsonParser.Event value = parser.next();
    boolean generates = kind != Kind.EMBEDDING;
    switch (key) {
      case "model" -> model(value, parser);
      case "service_tier" -> serviceTier(value, parser);
      case "stream" -> {
        stream =
            switch (value) {
              case VALUE_TRUE -> JsonValue.ValueType.TRUE;
              case VALUE_FALSE -> JsonValue.ValueType.FALSE;
              case VALUE_NULL -> JsonValue.ValueType.NULL;
              default -> {
                skip(value, parser);
                problems.add("stream", "stream: must be true or false");
                yield null;
              }
            };
      }
      case "stream_options" -> {
        if (value == JsonParser.Event.START_OBJECT) {
          usage = includesUsage(parser);
        } else {
          skip(value, parser);
        }
      }
      case "max_tokens", "max_completion_tokens" ->
          maxTokens = Math.max(maxTokens, SamplingFields.maxTokens(key, value, parser, problems));
      case "n" -> {
        if (generates) {
          n = SamplingFields.choices(value, parser, problems);
        } else {
          skip(value, parser);
        }
      }
      case "temperature", "top_p", "presence_penalty", "frequency_penalty" -> {
        if (generates) {
          SamplingFields.setting(key, value, parser, problems);
        } else {
          skip(value, parser);
        }
      }
      case "input" -> {
        if (kind == Kind.EMBEDDING) {
          chars = EmbeddingFields.input(value, parser, problems);
        } else {
          skip(value, parser);
        }
      }
      case "encoding_format" -> {
        if (kind == Kind.EMBEDDING) {
          EmbeddingFields.encodingFormat(value, parser, problems);
        } else {
          skip(value, parser);
        }
      }
      case "dimensions" -> {
        if (kind == Kind.EMBEDDING) {
          EmbeddingFields.dimensions(value, parser, problems);
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

  /** OpenAI's tiers; {@code scale}, which OpenAI also names, has no meaning here. */
  private void serviceTier(JsonParser.Event value, JsonParser parser) {
    if (value == JsonParser.Event.VALUE_NULL) {
      return;
    }
    if (value == JsonParser.Event.VALUE_STRING
        && List.of("auto", "default", "flex", "priority").contains(parser.getString())) {
      serviceTier = parser.getString();
      return;
    }
    skip(value, parser);
    problems.add("service_tier", "service_tier: one of auto, default, flex, priority");
  }

  private void model(JsonParser.Event value, JsonParser parser) {
    modelGiven = true;
    if (value == JsonParser.Event.VALUE_STRING && !parser.getString().isBlank()) {
      model = parser.getString();
      return;
    }
    skip(value, parser);
    problems.add("model", "model: a model name is required");
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

  /** The characters of the messages' contents; each bad message is noted by its index. */
  private int messages(JsonParser.Event value, JsonParser parser) {
    if (value != JsonParser.Event.START_ARRAY) {
      skip(value, parser);
      problems.add("messages", MESSAGES_SHAPE);
      return 0;
    }
    int chars = 0;
    int i = 0;
    JsonParser.Event next;
    while ((next = parser.next()) != JsonParser.Event.END_ARRAY) {
      boolean role = false;
      if (next == JsonParser.Event.START_OBJECT) {
        while (parser.next() == JsonParser.Event.KEY_NAME) {
          String key = parser.getString();
          JsonParser.Event v = parser.next();
          if (key.equals("role")) {
            role = v == JsonParser.Event.VALUE_STRING;
          }
          chars += key.equals("content") ? textLength(v, parser) : skipCounting(v, parser);
        }
      } else {
        skip(next, parser);
      }
      if (!role) {
        problems.add("messages[" + i + "]", "messages[" + i + "]: must be an object with a role");
      }
      i++;
    }
    if (i == 0) {
      problems.add("messages", MESSAGES_SHAPE);
    }
    return chars;
  }

  private int prompt(JsonParser.Event value, JsonParser parser) {
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
    problems.add("prompt", PROMPT_SHAPE);
    return 0;
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
