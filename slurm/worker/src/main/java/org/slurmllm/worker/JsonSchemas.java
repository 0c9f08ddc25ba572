package org.slurmllm.worker;

import static org.slurmllm.worker.JsonP.JSON;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slurmllm.worker.OpenAiProtocol.BadRequest;

/**
 * The JSON schemas the worker enforces (structured outputs, tool arguments): which keywords it
 * takes, and the schema as it is given to llama.cpp's grammar, bounded so that an answer can close
 * within its {@code max_tokens}.
 *
 * <p>A keyword outside the set is refused (400, naming it) rather than dropped: llama.cpp's
 * converter silently ignores what it does not know, and an answer that looks enforced but is not
 * would mislead the client.
 */
final class JsonSchemas {

  private JsonSchemas() {}

  /** Keywords every engine of the worker enforces, or that only describe. */
  private static final Set<String> SUPPORTED =
      Set.of(
          ("type properties required additionalProperties items enum const anyOf oneOf allOf $ref"
                  + " $defs definitions minLength maxLength minimum maximum exclusiveMinimum"
                  + " exclusiveMaximum minItems maxItems format pattern description title default"
                  + " examples $schema $id $comment nullable strict")
              .split(" "));

  /** Formats llama.cpp's grammar writes and the simulator makes. */
  static final Set<String> FORMATS = Set.of("date", "time", "date-time", "uuid");

  private static final Set<String> TYPES =
      Set.of("object", "array", "string", "integer", "number", "boolean", "null");

  /** Refuses (400) a schema with a keyword, type, format or reference the worker cannot honour. */
  static void check(JsonObject schema, String at) {
    for (Map.Entry<String, JsonValue> e : schema.entrySet()) {
      String key = e.getKey();
      JsonValue value = e.getValue();
      String here = at + "." + key;
      if (!SUPPORTED.contains(key)) {
        throw new BadRequest(
            here,
            here + ": the JSON schema keyword '" + key + "' cannot be enforced by this server",
            "unsupported_value");
      }
      switch (key) {
        case "type" -> checkType(value, here);
        case "format" -> {
          if (!(value instanceof JsonString f) || !FORMATS.contains(f.getString())) {
            throw new BadRequest(
                here,
                here
                    + ": only the formats "
                    + String.join(", ", FORMATS.stream().sorted().toList())
                    + " can be enforced",
                "unsupported_value");
          }
        }
        case "$ref" -> {
          if (!(value instanceof JsonString ref)
              || !(ref.getString().startsWith("#/$defs/")
                  || ref.getString().startsWith("#/definitions/")
                  || ref.getString().equals("#"))) {
            throw new BadRequest(
                here, here + ": only references within the schema (#/$defs/...) are supported");
          }
        }
        case "properties", "$defs", "definitions" -> {
          if (!(value instanceof JsonObject members)) {
            throw new BadRequest(here, here + " must be an object");
          }
          members.forEach((name, member) -> checkSchema(member, here + "." + name));
        }
        case "items", "additionalProperties" -> {
          if (value != JsonValue.TRUE && value != JsonValue.FALSE) {
            checkSchema(value, here);
          }
        }
        case "anyOf", "oneOf", "allOf" -> {
          if (!(value instanceof JsonArray options) || options.isEmpty()) {
            throw new BadRequest(here, here + " must be a non-empty array of schemas");
          }
          for (int i = 0; i < options.size(); i++) {
            checkSchema(options.get(i), here + "[" + i + "]");
          }
        }
        default -> {}
      }
    }
  }

  private static void checkSchema(JsonValue value, String at) {
    if (!(value instanceof JsonObject member)) {
      throw new BadRequest(at, at + " must be a JSON schema object");
    }
    check(member, at);
  }

  private static void checkType(JsonValue value, String at) {
    List<JsonValue> types = value instanceof JsonArray a ? a : List.of(value);
    for (JsonValue t : types) {
      if (!(t instanceof JsonString s) || !TYPES.contains(s.getString())) {
        throw new BadRequest(at, at + ": unknown type " + t);
      }
    }
  }

  /** The path of the first {@code keyword} in the schema, or null: for engines that lack one. */
  static String find(JsonValue schema, String keyword, String at) {
    if (schema instanceof JsonObject o) {
      if (o.containsKey(keyword)) {
        return at + "." + keyword;
      }
      for (Map.Entry<String, JsonValue> e : o.entrySet()) {
        String found = find(e.getValue(), keyword, at + "." + e.getKey());
        if (found != null) {
          return found;
        }
      }
    } else if (schema instanceof JsonArray a) {
      for (int i = 0; i < a.size(); i++) {
        String found = find(a.get(i), keyword, at + "[" + i + "]");
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  /** The schema a {@code $ref} of {@code root} points to. */
  static JsonObject resolve(JsonObject root, String ref) {
    if (ref.equals("#")) {
      return root;
    }
    String[] path = ref.substring(2).split("/");
    JsonValue at = root;
    for (String part : path) {
      at = at instanceof JsonObject o ? o.get(part.replace("~1", "/").replace("~0", "~")) : null;
    }
    if (!(at instanceof JsonObject target)) {
      throw new BadRequest(null, "the schema reference " + ref + " points nowhere");
    }
    return target;
  }

  /**
   * The schema with every free string given a {@code maxLength}, every free array a {@code
   * maxItems}, so that the answer fits {@code maxTokens} even when every character is a token: a
   * small model under a grammar closes a string only when it must.
   */
  static JsonObject bounded(JsonObject schema, int maxTokens) {
    int[] cost = cost(schema, schema, 0);
    int strings = Math.max(1, cost[0]);
    int room = maxTokens - cost[1];
    int cap = Math.max(1, Math.min(256, room / strings));
    return bound(schema, cap, 0);
  }

  /**
   * What the worst answer of the schema costs, roughly: how many free strings it holds, and how
   * many characters everything else takes (arrays at their most items, or {@link #FREE_ITEMS}).
   */
  static int[] cost(JsonObject root, JsonValue value, int depth) {
    int[] cost = new int[2];
    if (!(value instanceof JsonObject s) || depth > 8) {
      return cost;
    }
    if (s.get("$ref") instanceof JsonString ref) {
      return cost(root, resolve(root, ref.getString()), depth + 1);
    }
    String type = s.get("type") instanceof JsonString t ? t.getString() : "";
    if (s.containsKey("const") || s.containsKey("enum")) {
      cost[1] += 24;
    } else if (type.equals("string")) {
      if (freeString(s)) {
        cost[0]++;
        cost[1] += 2;
      } else {
        cost[1] += Math.min(64, intOf(s, "maxLength", 40)) + 2;
      }
    } else if (type.equals("integer") || type.equals("number")) {
      cost[1] += 16;
    } else if (type.equals("boolean") || type.equals("null")) {
      cost[1] += 5;
    }
    if (s.get("properties") instanceof JsonObject properties) {
      cost[1] += 2;
      for (Map.Entry<String, JsonValue> p : properties.entrySet()) {
        cost[1] += p.getKey().length() + 5;
        add(cost, cost(root, p.getValue(), depth + 1), 1);
      }
    }
    if (s.get("items") instanceof JsonObject items) {
      cost[1] += 2;
      add(cost, cost(root, items, depth + 1), intOf(s, "maxItems", FREE_ITEMS));
    }
    for (String union : List.of("anyOf", "oneOf", "allOf")) {
      if (s.get(union) instanceof JsonArray options) {
        int[] most = new int[2];
        for (JsonValue o : options) {
          int[] c = cost(root, o, depth + 1);
          most[0] = Math.max(most[0], c[0]);
          most[1] = Math.max(most[1], c[1]);
        }
        add(cost, most, 1);
      }
    }
    return cost;
  }

  /** Most items an array without {@code maxItems} gets under a grammar. */
  static final int FREE_ITEMS = 4;

  private static void add(int[] to, int[] cost, int times) {
    to[0] += cost[0] * times;
    to[1] += cost[1] * times;
  }

  private static boolean freeString(JsonObject s) {
    return !s.containsKey("maxLength")
        && !s.containsKey("enum")
        && !s.containsKey("const")
        && !s.containsKey("pattern")
        && !s.containsKey("format");
  }

  private static JsonObject bound(JsonObject schema, int cap, int depth) {
    JsonObjectBuilder copy = JSON.createObjectBuilder();
    for (Map.Entry<String, JsonValue> e : schema.entrySet()) {
      JsonValue v = e.getValue();
      switch (e.getKey()) {
        case "properties", "$defs", "definitions" -> {
          JsonObjectBuilder members = JSON.createObjectBuilder();
          ((JsonObject) v)
              .forEach(
                  (name, member) ->
                      members.add(
                          name,
                          member instanceof JsonObject m ? bound(m, cap, depth + 1) : member));
          copy.add(e.getKey(), members);
        }
        case "items", "additionalProperties" ->
            copy.add(e.getKey(), v instanceof JsonObject m ? bound(m, cap, depth + 1) : v);
        case "anyOf", "oneOf", "allOf" -> {
          var options = JSON.createArrayBuilder();
          for (JsonValue o : (JsonArray) v) {
            options.add(o instanceof JsonObject m ? bound(m, cap, depth + 1) : o);
          }
          copy.add(e.getKey(), options);
        }
        default -> copy.add(e.getKey(), v);
      }
    }
    String type = schema.get("type") instanceof JsonString t ? t.getString() : "";
    if (type.equals("string") && freeString(schema)) {
      copy.add("maxLength", Math.max(intOf(schema, "minLength", 0), cap));
    }
    if (type.equals("array") && !schema.containsKey("maxItems")) {
      copy.add("maxItems", Math.max(intOf(schema, "minItems", 0), FREE_ITEMS));
    }
    return copy.build();
  }

  private static int intOf(JsonObject o, String key, int fallback) {
    return o.get(key) instanceof JsonNumber n ? n.intValue() : fallback;
  }
}
