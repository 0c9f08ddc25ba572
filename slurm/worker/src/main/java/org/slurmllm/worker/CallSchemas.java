package org.slurmllm.worker;

import static org.slurmllm.worker.JsonP.JSON;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.List;

/** The JSON schema of an answer that calls functions: what llama.cpp's grammar is made from. */
final class CallSchemas {

  private CallSchemas() {}

  /**
   * One schema for the calls an answer may make: an object {@code {"name", "arguments"}} per
   * function (one of them), or an array of up to {@code most} such objects. Each function's {@code
   * $defs} move to the top, renamed by function, so its references still resolve.
   */
  static JsonObject calls(List<AnswerShape.Function> functions, int most) {
    var options = JSON.createArrayBuilder();
    JsonObjectBuilder defs = JSON.createObjectBuilder();
    for (AnswerShape.Function f : functions) {
      String prefix = f.name() + "__";
      JsonObject parameters = (JsonObject) renameRefs(f.parameters(), prefix);
      for (String section : List.of("$defs", "definitions")) {
        if (parameters.get(section) instanceof JsonObject own) {
          own.forEach((name, def) -> defs.add(prefix + name, def));
        }
      }
      JsonObjectBuilder arguments = JSON.createObjectBuilder(parameters);
      arguments.remove("$defs");
      arguments.remove("definitions");
      options.add(
          JSON.createObjectBuilder()
              .add("type", "object")
              .add(
                  "properties",
                  JSON.createObjectBuilder()
                      .add("name", JSON.createObjectBuilder().add("const", f.name()))
                      .add("arguments", arguments))
              .add("required", JSON.createArrayBuilder().add("name").add("arguments"))
              .add("additionalProperties", false));
    }
    JsonObject call = JSON.createObjectBuilder().add("anyOf", options).build();
    JsonObjectBuilder root;
    if (most <= 1) {
      root = JSON.createObjectBuilder(call);
    } else {
      root =
          JSON.createObjectBuilder()
              .add("type", "array")
              .add("items", call)
              .add("minItems", 1)
              .add("maxItems", most);
    }
    JsonObject hoisted = defs.build();
    if (!hoisted.isEmpty()) {
      root.add("$defs", hoisted);
    }
    return root.build();
  }

  /** References to {@code #/$defs/x} (or definitions) made {@code #/$defs/<prefix>x}. */
  private static JsonValue renameRefs(JsonValue value, String prefix) {
    if (value instanceof JsonObject o) {
      JsonObjectBuilder copy = JSON.createObjectBuilder();
      o.forEach(
          (k, v) -> {
            if (k.equals("$ref") && v instanceof JsonString ref && !ref.getString().equals("#")) {
              String name = ref.getString().replaceFirst("^#/(\\$defs|definitions)/", "");
              copy.add(k, "#/$defs/" + prefix + name);
            } else {
              copy.add(k, renameRefs(v, prefix));
            }
          });
      return copy.build();
    }
    if (value instanceof JsonArray a) {
      var copy = JSON.createArrayBuilder();
      a.forEach(v -> copy.add(renameRefs(v, prefix)));
      return copy.build();
    }
    return value;
  }
}
