package org.slurmllm.worker;

import static org.slurmllm.worker.JsonP.JSON;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.slurmllm.worker.OpenAiProtocol.BadRequest;

/**
 * What the answer must look like, from a chat request's {@code response_format}, {@code tools},
 * {@code tool_choice} and {@code parallel_tool_calls}: free text, JSON (of a schema, or any
 * object), or calls of the request's functions. The engines make text of that shape (llama.cpp
 * under a grammar, the simulator by construction); {@link ToolCallScanner} reads calls out of it.
 *
 * <p>Calls are written as JSON objects {@code {"name": ..., "arguments": {...}}}, several in an
 * array when parallel calls are allowed. When the model may choose ({@code tool_choice} auto), a
 * call is marked by a leading {@link #CALL_MARK}, as tool-trained models write it.
 */
sealed interface AnswerShape {

  /** What a model that chose to call a function writes first (Hermes', Qwen's convention). */
  String CALL_MARK = "<tool_call>";

  /** Plain text: no format asked, or tools the request says not to call. */
  record Text() implements AnswerShape {}

  /** JSON: of {@code schema}, or any object when it is null ({@code json_object}). */
  record Json(JsonObject schema) implements AnswerShape {}

  /**
   * Calls of {@code functions}: {@code mode} required (or one function, {@code named}) makes the
   * answer a call; auto lets the model choose between a call and text.
   */
  record Tools(List<Function> functions, Mode mode, String named, boolean parallel)
      implements AnswerShape {

    /** Whether the answer must be a call (else the model chooses). */
    boolean forced() {
      return mode != Mode.AUTO;
    }

    /** The functions the answer may call: the named one only, when one is named. */
    List<Function> callable() {
      return named == null
          ? functions
          : functions.stream().filter(f -> f.name.equals(named)).toList();
    }
  }

  /** How tools may be used. */
  enum Mode {
    AUTO,
    REQUIRED
  }

  /** A function the model may call: its name, what it does, the JSON schema of its arguments. */
  record Function(String name, String description, JsonObject parameters) {}

  AnswerShape TEXT = new Text();

  Pattern FUNCTION_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  /** The shape a chat request asks for; a 400 naming the field it cannot be. */
  static AnswerShape of(JsonObject body) {
    AnswerShape format = format(body.get("response_format"));
    List<Function> functions = functions(body.get("tools"));
    JsonValue choice = body.get("tool_choice");
    boolean parallel = body.get("parallel_tool_calls") != JsonValue.FALSE;
    if (functions.isEmpty()) {
      if (choice instanceof JsonObject
          || choice instanceof JsonString s && s.getString().equals("required")) {
        throw new BadRequest("tool_choice", "tool_choice: the request has no tools to call");
      }
      return format;
    }
    if (!(format instanceof Text)) {
      // a call's arguments are JSON already; an answer that is both is not defined
      throw new BadRequest(
          "response_format",
          "response_format: this server does not combine a JSON response format with tools;"
              + " send one or the other");
    }
    if (choice == null || choice == JsonValue.NULL) {
      return new Tools(functions, Mode.AUTO, null, parallel);
    }
    if (choice instanceof JsonString s) {
      return switch (s.getString()) {
        case "none" -> TEXT;
        case "auto" -> new Tools(functions, Mode.AUTO, null, parallel);
        case "required" -> new Tools(functions, Mode.REQUIRED, null, parallel);
        default ->
            throw new BadRequest(
                "tool_choice", "tool_choice must be none, auto, required or a named function");
      };
    }
    if (choice instanceof JsonObject o
        && "function".equals(o.getString("type", ""))
        && o.get("function") instanceof JsonObject f
        && f.get("name") instanceof JsonString name) {
      if (functions.stream().noneMatch(fn -> fn.name.equals(name.getString()))) {
        throw new BadRequest(
            "tool_choice.function.name",
            "tool_choice names the function '" + name.getString() + "', which is not in tools");
      }
      return new Tools(functions, Mode.REQUIRED, name.getString(), false);
    }
    throw new BadRequest(
        "tool_choice",
        "tool_choice must be none, auto, required or {\"type\":\"function\",\"function\":{\"name\":...}}");
  }

  private static AnswerShape format(JsonValue value) {
    if (value == null || value == JsonValue.NULL) {
      return TEXT;
    }
    if (!(value instanceof JsonObject format) || !(format.get("type") instanceof JsonString t)) {
      throw new BadRequest("response_format", "response_format must be an object with a type");
    }
    return switch (t.getString()) {
      case "text" -> TEXT;
      case "json_object" -> new Json(null);
      case "json_schema" -> {
        if (!(format.get("json_schema") instanceof JsonObject spec)
            || !(spec.get("schema") instanceof JsonObject schema)) {
          throw new BadRequest(
              "response_format.json_schema.schema",
              "response_format.json_schema.schema must be a JSON schema object");
        }
        JsonSchemas.check(schema, "response_format.json_schema.schema");
        yield new Json(schema);
      }
      default ->
          throw new BadRequest(
              "response_format.type",
              "response_format.type must be text, json_object or json_schema");
    };
  }

  private static List<Function> functions(JsonValue value) {
    if (value == null || value == JsonValue.NULL) {
      return List.of();
    }
    if (!(value instanceof JsonArray tools)) {
      throw new BadRequest("tools", "tools must be an array");
    }
    List<Function> functions = new ArrayList<>();
    for (int i = 0; i < tools.size(); i++) {
      String at = "tools[" + i + "]";
      if (!(tools.get(i) instanceof JsonObject tool)) {
        throw new BadRequest(at, at + " must be an object");
      }
      String type = tool.getString("type", "");
      if (!type.equals("function")) {
        // built-in tools (web_search, file_search, code_interpreter, ...) run at OpenAI, not here
        throw new BadRequest(
            at + ".type",
            at
                + ".type: '"
                + type
                + "' is a built-in tool this server does not run; only function tools are"
                + " supported",
            "unsupported_value");
      }
      if (!(tool.get("function") instanceof JsonObject f)
          || !(f.get("name") instanceof JsonString name)
          || !FUNCTION_NAME.matcher(name.getString()).matches()) {
        throw new BadRequest(
            at + ".function.name",
            at + ".function.name must be 1 to 64 letters, digits, underscores or dashes");
      }
      JsonObject parameters =
          f.get("parameters") instanceof JsonObject p
              ? p
              : JSON.createObjectBuilder()
                  .add("type", "object")
                  .add("properties", JsonValue.EMPTY_JSON_OBJECT)
                  .build();
      JsonSchemas.check(parameters, at + ".function.parameters");
      functions.add(new Function(name.getString(), f.getString("description", ""), parameters));
    }
    return functions;
  }
}
