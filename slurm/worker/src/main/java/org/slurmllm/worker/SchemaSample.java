package org.slurmllm.worker;

import static org.slurmllm.worker.JsonP.JSON;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

/**
 * A value of a JSON schema, made up (the simulator's structured outputs, as vLLM's simulator does):
 * every required property and most optional ones, words for strings, numbers within their bounds,
 * the first option of a union. The same seed gives the same value. Schemas are those {@link
 * JsonSchemas#check} passed, less {@code pattern} (refused for the simulator before it gets here).
 */
final class SchemaSample {

  private static final String[] WORDS = {
    "river", "light", "quiet", "cluster", "model", "story", "green", "swift", "node", "answer"
  };

  private final JsonObject root;
  private final Random random;

  private SchemaSample(JsonObject root, long seed) {
    this.root = root;
    this.random = new Random(seed);
  }

  /** A value of {@code schema}, chosen by {@code seed}. */
  static JsonValue of(JsonObject schema, long seed) {
    return new SchemaSample(schema, seed).value(schema, 0);
  }

  private JsonValue value(JsonObject schema, int depth) {
    if (schema.get("$ref") instanceof JsonString ref) {
      return depth > 6
          ? JsonValue.NULL
          : value(JsonSchemas.resolve(root, ref.getString()), depth + 1);
    }
    if (schema.containsKey("const")) {
      return schema.get("const");
    }
    if (schema.get("enum") instanceof JsonArray options && !options.isEmpty()) {
      return options.get(random.nextInt(options.size()));
    }
    for (String union : new String[] {"anyOf", "oneOf"}) {
      if (schema.get(union) instanceof JsonArray options && !options.isEmpty()) {
        return value(options.getJsonObject(0), depth + 1);
      }
    }
    if (schema.get("allOf") instanceof JsonArray parts) {
      JsonObjectBuilder merged = JSON.createObjectBuilder();
      for (JsonValue part : parts) {
        if (value((JsonObject) part, depth + 1) instanceof JsonObject o) {
          o.forEach(merged::add);
        }
      }
      return merged.build();
    }
    return switch (type(schema)) {
      case "object" -> object(schema, depth);
      case "array" -> array(schema, depth);
      case "string" -> string(schema);
      case "integer" -> JSON.createValue(integer(schema));
      case "number" -> JSON.createValue(integer(schema) + random.nextInt(100) / 100.0);
      case "boolean" -> random.nextBoolean() ? JsonValue.TRUE : JsonValue.FALSE;
      case "null" -> JsonValue.NULL;
      default -> JSON.createValue(word());
    };
  }

  private static String type(JsonObject schema) {
    JsonValue type = schema.get("type");
    if (type instanceof JsonString s) {
      return s.getString();
    }
    if (type instanceof JsonArray a && !a.isEmpty()) {
      return a.getString(0); // the first type of a union, e.g. ["string", "null"]
    }
    return schema.containsKey("properties") ? "object" : "string";
  }

  private JsonValue object(JsonObject schema, int depth) {
    JsonObjectBuilder object = JSON.createObjectBuilder();
    Set<String> required = new HashSet<>();
    if (schema.get("required") instanceof JsonArray names) {
      names.forEach(n -> required.add(((JsonString) n).getString()));
    }
    if (schema.get("properties") instanceof JsonObject properties) {
      for (var p : properties.entrySet()) {
        if (required.contains(p.getKey()) || depth < 3) {
          object.add(p.getKey(), value((JsonObject) p.getValue(), depth + 1));
        }
      }
    }
    return object.build();
  }

  private JsonValue array(JsonObject schema, int depth) {
    int min = intOf(schema, "minItems", 1);
    int max = Math.max(min, intOf(schema, "maxItems", min + 2));
    int n = min + random.nextInt(Math.min(max, min + 3) - min + 1);
    JsonArrayBuilder array = JSON.createArrayBuilder();
    JsonObject items =
        schema.get("items") instanceof JsonObject i ? i : JsonValue.EMPTY_JSON_OBJECT;
    for (int k = 0; k < n; k++) {
      array.add(value(items, depth + 1));
    }
    return array.build();
  }

  private JsonValue string(JsonObject schema) {
    String format = schema.getString("format", "");
    String text =
        switch (format) {
          case "date" -> "2026-12-0" + (1 + random.nextInt(8));
          case "time" -> "1" + random.nextInt(10) + ":30:00Z";
          case "date-time" -> "2026-12-0" + (1 + random.nextInt(8)) + "T12:00:00Z";
          case "uuid" -> new java.util.UUID(random.nextLong(), random.nextLong()).toString();
          default -> word() + " " + word();
        };
    int min = intOf(schema, "minLength", 0);
    int max = intOf(schema, "maxLength", Integer.MAX_VALUE);
    StringBuilder fitted = new StringBuilder(text);
    while (fitted.length() < min) {
      fitted.append(' ').append(word());
    }
    return JSON.createValue(fitted.length() > max ? fitted.substring(0, max) : fitted.toString());
  }

  private long integer(JsonObject schema) {
    long min = Long.MIN_VALUE / 4;
    long max = Long.MAX_VALUE / 4;
    if (schema.get("minimum") instanceof JsonNumber n) {
      min = (long) Math.ceil(n.doubleValue());
    } else if (schema.get("exclusiveMinimum") instanceof JsonNumber n) {
      min = (long) Math.floor(n.doubleValue()) + 1;
    }
    if (schema.get("maximum") instanceof JsonNumber n) {
      max = (long) Math.floor(n.doubleValue());
    } else if (schema.get("exclusiveMaximum") instanceof JsonNumber n) {
      max = (long) Math.ceil(n.doubleValue()) - 1;
    }
    long low = min == Long.MIN_VALUE / 4 ? Math.min(0, max - 99) : min;
    long high = max == Long.MAX_VALUE / 4 ? low + 99 : max;
    return high <= low ? low : low + (long) (random.nextDouble() * (high - low + 1));
  }

  private String word() {
    return WORDS[random.nextInt(WORDS.length)];
  }

  private static int intOf(JsonObject o, String key, int fallback) {
    return o.get(key) instanceof JsonNumber n ? n.intValue() : fallback;
  }
}
