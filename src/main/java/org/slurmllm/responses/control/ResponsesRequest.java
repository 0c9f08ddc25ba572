package org.slurmllm.responses.control;

import static org.slurmllm.rest.JsonP.JSON;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.slurmllm.routing.boundary.ChatTranslator.Refused;

/**
 * A request of OpenAI's Responses API, read and made a chat completion request: the input (a
 * string, or items: messages, function calls and their outputs) after the stored conversation it
 * continues, the instructions as the system message, {@code text.format} as {@code
 * response_format}, function tools as chat tools. What it echoes into the response is kept as
 * given. A pure function of the body; a field it cannot serve is a 400 naming it.
 *
 * @param input this request's input items, normalised (each with its type and an id)
 * @param echo the request's settings the response object repeats
 */
public record ResponsesRequest(
    String model,
    boolean stream,
    boolean store,
    String previousResponseId,
    String instructions,
    JsonArray input,
    JsonObject echo,
    JsonObject body) {

  /** Fields the Responses API has and this gateway does not serve: refused, never ignored. */
  private static final Set<String> UNSERVED =
      Set.of("background", "conversation", "prompt", "top_logprobs");

  /** Reads the body; a 400 ({@link Refused}) names the first field that is wrong. */
  public static ResponsesRequest parse(byte[] bytes) {
    JsonObject body;
    try (var reader = JSON.createReader(new ByteArrayInputStream(bytes))) {
      body = reader.readObject();
    } catch (JsonException | ClassCastException e) {
      throw bad(null, "Request body must be a JSON object.", "invalid_json");
    }
    if (!(body.get("model") instanceof JsonString model) || model.getString().isBlank()) {
      throw bad("model", "model: a model name is required");
    }
    for (String field : UNSERVED) {
      if (body.containsKey(field)
          && body.get(field) != JsonValue.NULL
          && body.get(field) != JsonValue.FALSE) {
        throw bad(
            field, field + ": not supported by this gateway's Responses API", "unsupported_value");
      }
    }
    JsonValue instructions = body.get("instructions");
    if (instructions != null
        && instructions != JsonValue.NULL
        && !(instructions instanceof JsonString)) {
      throw bad("instructions", "instructions: must be a string");
    }
    JsonArray input = ResponseItems.input(body.get("input"));
    String previous =
        body.get("previous_response_id") instanceof JsonString p ? p.getString() : null;
    JsonObject echo = echo(body);
    return new ResponsesRequest(
        model.getString(),
        body.get("stream") == JsonValue.TRUE,
        body.get("store") != JsonValue.FALSE,
        previous,
        instructions instanceof JsonString s ? s.getString() : null,
        input,
        echo,
        body);
  }

  /** The settings a response object repeats, with OpenAI's defaults where not given. */
  private static JsonObject echo(JsonObject body) {
    JsonObjectBuilder echo = JSON.createObjectBuilder();
    echo.add("max_output_tokens", orNull(body, "max_output_tokens"));
    echo.add("temperature", number(body, "temperature", 1));
    echo.add("top_p", number(body, "top_p", 1));
    echo.add("parallel_tool_calls", body.get("parallel_tool_calls") != JsonValue.FALSE);
    echo.add(
        "text",
        body.get("text") instanceof JsonObject t && t.get("format") instanceof JsonObject
            ? t
            : JSON.createObjectBuilder()
                .add("format", JSON.createObjectBuilder().add("type", "text"))
                .build());
    echo.add(
        "tool_choice",
        body.containsKey("tool_choice") ? body.get("tool_choice") : JSON.createValue("auto"));
    echo.add("tools", body.get("tools") instanceof JsonArray t ? t : JsonValue.EMPTY_JSON_ARRAY);
    echo.add("truncation", body.getString("truncation", "disabled"));
    echo.add(
        "metadata", body.get("metadata") instanceof JsonObject m ? m : JsonValue.EMPTY_JSON_OBJECT);
    echo.add("user", orNull(body, "user"));
    echo.add(
        "service_tier",
        body.get("service_tier") instanceof JsonString s ? s : JSON.createValue("default"));
    return echo.build();
  }

  private static JsonValue orNull(JsonObject body, String key) {
    JsonValue v = body.get(key);
    return v == null ? JsonValue.NULL : v;
  }

  private static JsonValue number(JsonObject body, String key, double fallback) {
    return body.get(key) instanceof JsonNumber n ? n : JSON.createValue(fallback);
  }

  /**
   * The chat request: the instructions as a system message, then the conversation so far ({@code
   * history}, the stored items of earlier turns), then this input; the sampling settings, format
   * and tools as chat has them; a stream always asks for its usage (the response reports it).
   */
  public byte[] chatBody(List<JsonObject> history) {
    JsonArrayBuilder messages = JSON.createArrayBuilder();
    if (instructions != null) {
      messages.add(JSON.createObjectBuilder().add("role", "system").add("content", instructions));
    }
    ResponseItems.messages(history, input, messages);
    JsonObjectBuilder chat =
        JSON.createObjectBuilder().add("model", model).add("messages", messages);
    copy(body, "max_output_tokens", chat, "max_tokens");
    for (String same :
        List.of("temperature", "top_p", "parallel_tool_calls", "service_tier", "user", "seed")) {
      copy(body, same, chat, same);
    }
    if (body.get("text") instanceof JsonObject text && text.get("format") instanceof JsonObject f) {
      chat.add("response_format", responseFormat(f));
    }
    if (body.get("tools") instanceof JsonArray tools && !tools.isEmpty()) {
      chat.add("tools", tools(tools));
    }
    if (body.containsKey("tool_choice")) {
      chat.add("tool_choice", toolChoice(body.get("tool_choice")));
    }
    if (stream) {
      chat.add("stream", true)
          .add("stream_options", JSON.createObjectBuilder().add("include_usage", true));
    }
    return chat.build().toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void copy(JsonObject from, String key, JsonObjectBuilder to, String as) {
    JsonValue v = from.get(key);
    if (v != null && v != JsonValue.NULL) {
      to.add(as, v);
    }
  }

  /** {@code text.format} as chat's {@code response_format}: the schema one level down. */
  private static JsonObject responseFormat(JsonObject format) {
    String type = format.getString("type", "");
    return switch (type) {
      case "text", "json_object" -> JSON.createObjectBuilder().add("type", type).build();
      case "json_schema" -> {
        if (!(format.get("schema") instanceof JsonObject schema)) {
          throw bad("text.format.schema", "text.format.schema: a JSON schema object is required");
        }
        JsonObjectBuilder spec =
            JSON.createObjectBuilder()
                .add("name", format.getString("name", "response"))
                .add("schema", schema);
        JsonValue strict = format.get("strict");
        if (strict == JsonValue.TRUE || strict == JsonValue.FALSE) {
          spec.add("strict", strict);
        }
        yield JSON.createObjectBuilder()
            .add("type", "json_schema")
            .add("json_schema", spec)
            .build();
      }
      default ->
          throw bad(
              "text.format.type", "text.format.type: must be text, json_object or json_schema");
    };
  }

  /** Function tools, flat in the Responses API, nested in chat; built-in tools are refused. */
  private static JsonArray tools(JsonArray tools) {
    JsonArrayBuilder chat = JSON.createArrayBuilder();
    for (int i = 0; i < tools.size(); i++) {
      String at = "tools[" + i + "]";
      if (!(tools.get(i) instanceof JsonObject tool)) {
        throw bad(at, at + ": must be an object");
      }
      String type = tool.getString("type", "");
      if (!type.equals("function")) {
        throw bad(
            at + ".type",
            at
                + ".type: '"
                + type
                + "' is a built-in tool this service does not run; only function tools are"
                + " supported",
            "unsupported_value");
      }
      if (!(tool.get("name") instanceof JsonString)) {
        throw bad(at + ".name", at + ".name: a function tool needs a name");
      }
      JsonObjectBuilder function = JSON.createObjectBuilder().add("name", tool.get("name"));
      copy(tool, "description", function, "description");
      copy(tool, "parameters", function, "parameters");
      copy(tool, "strict", function, "strict");
      chat.add(JSON.createObjectBuilder().add("type", "function").add("function", function));
    }
    return chat.build();
  }

  private static JsonValue toolChoice(JsonValue choice) {
    if (choice instanceof JsonObject o && "function".equals(o.getString("type", ""))) {
      if (!(o.get("name") instanceof JsonString name)) {
        throw bad("tool_choice.name", "tool_choice.name: name the function to call");
      }
      return JSON.createObjectBuilder()
          .add("type", "function")
          .add("function", JSON.createObjectBuilder().add("name", name))
          .build();
    }
    if (choice instanceof JsonString) {
      return choice;
    }
    throw bad(
        "tool_choice",
        "tool_choice: must be none, auto, required or {\"type\":\"function\",\"name\":...}");
  }

  static Refused bad(String param, String message) {
    return bad(param, message, "invalid_value");
  }

  static Refused bad(String param, String message, String code) {
    return new Refused(400, message, param, code);
  }
}
