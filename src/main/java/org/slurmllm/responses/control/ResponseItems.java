package org.slurmllm.responses.control;

import static org.slurmllm.responses.control.ResponsesRequest.bad;
import static org.slurmllm.rest.JsonP.JSON;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The Responses API's items, the pieces of a conversation: messages, function calls, their outputs.
 * Read from a request's {@code input} into one normal form (kept with a stored response, and given
 * back by {@code input_items}), made chat messages for the model, and made from a chat answer's
 * message.
 */
public final class ResponseItems {

  private ResponseItems() {}

  private static final Set<String> ROLES = Set.of("user", "assistant", "system", "developer");

  /** A new item id: OpenAI's prefixes, then 32 hex digits. */
  public static String id(String prefix) {
    return prefix + UUID.randomUUID().toString().replace("-", "");
  }

  /** A request's input, normalised: a string is one user message. */
  static JsonArray input(JsonValue input) {
    if (input instanceof JsonString text) {
      return JSON.createArrayBuilder().add(message("user", text, 0)).build();
    }
    if (!(input instanceof JsonArray items) || items.isEmpty()) {
      throw bad("input", "input: must be a string or a non-empty array of items");
    }
    JsonArrayBuilder normal = JSON.createArrayBuilder();
    for (int i = 0; i < items.size(); i++) {
      if (!(items.get(i) instanceof JsonObject item)) {
        throw bad("input[" + i + "]", "input[" + i + "]: must be an object");
      }
      normal.add(item(item, i));
    }
    return normal.build();
  }

  private static JsonObject item(JsonObject item, int i) {
    String at = "input[" + i + "]";
    String type = item.getString("type", item.containsKey("role") ? "message" : "");
    return switch (type) {
      case "message" -> {
        String role = item.getString("role", "");
        if (!ROLES.contains(role)) {
          throw bad(at + ".role", at + ".role: must be user, assistant, system or developer");
        }
        yield message(role, item.get("content"), i);
      }
      case "function_call" -> {
        if (!(item.get("call_id") instanceof JsonString callId)
            || !(item.get("name") instanceof JsonString name)) {
          throw bad(at, at + ": a function_call needs its call_id and name");
        }
        yield JSON.createObjectBuilder()
            .add("type", "function_call")
            .add("id", item.getString("id", id("fc_")))
            .add("call_id", callId)
            .add("name", name)
            .add("arguments", item.getString("arguments", "{}"))
            .add("status", "completed")
            .build();
      }
      case "function_call_output" -> {
        if (!(item.get("call_id") instanceof JsonString callId)) {
          throw bad(at + ".call_id", at + ".call_id: name the call this is the output of");
        }
        JsonValue output = item.get("output");
        yield JSON.createObjectBuilder()
            .add("type", "function_call_output")
            .add("id", item.getString("id", id("fco_")))
            .add("call_id", callId)
            .add("output", output instanceof JsonString s ? s.getString() : String.valueOf(output))
            .add("status", "completed")
            .build();
      }
      default ->
          throw bad(
              at + ".type",
              at
                  + ".type: '"
                  + type
                  + "' items are not supported; send messages, function_call and"
                  + " function_call_output items",
              "unsupported_value");
    };
  }

  /** A message item; its text parts typed as the role has them (input_text, output_text). */
  private static JsonObject message(String role, JsonValue content, int i) {
    String textType = role.equals("assistant") ? "output_text" : "input_text";
    JsonArrayBuilder parts = JSON.createArrayBuilder();
    if (content instanceof JsonString s) {
      parts.add(text(textType, s.getString()));
    } else if (content instanceof JsonArray given) {
      for (int k = 0; k < given.size(); k++) {
        String at = "input[" + i + "].content[" + k + "]";
        if (!(given.get(k) instanceof JsonObject part)) {
          throw bad(at, at + ": must be an object");
        }
        String type = part.getString("type", "");
        switch (type) {
          case "input_text", "output_text", "text" ->
              parts.add(text(textType, part.getString("text", "")));
          case "input_image" -> parts.add(part);
          default ->
              throw bad(
                  at + ".type",
                  at + ".type: '" + type + "' parts are not supported here",
                  "unsupported_value");
        }
      }
    } else {
      throw bad("input[" + i + "].content", "input[" + i + "].content: must be a string or parts");
    }
    JsonObjectBuilder message =
        JSON.createObjectBuilder()
            .add("type", "message")
            .add("id", id("msg_"))
            .add("role", role)
            .add("content", parts);
    return message.add("status", "completed").build();
  }

  private static JsonObject text(String type, String text) {
    JsonObjectBuilder part = JSON.createObjectBuilder().add("type", type).add("text", text);
    if (type.equals("output_text")) {
      part.add("annotations", JsonValue.EMPTY_JSON_ARRAY);
    }
    return part.build();
  }

  /**
   * Chat messages for the items of the conversation so far and this input: developer messages are
   * system messages, consecutive function calls one assistant message with tool calls, a call's
   * output a tool message.
   */
  static void messages(List<JsonObject> history, JsonArray input, JsonArrayBuilder messages) {
    List<JsonObject> all = new ArrayList<>(history);
    input.forEach(v -> all.add((JsonObject) v));
    JsonArrayBuilder calls = null;
    for (JsonObject item : all) {
      String type = item.getString("type", "");
      if (!type.equals("function_call") && calls != null) {
        messages.add(assistantCalls(calls));
        calls = null;
      }
      switch (type) {
        case "message" -> messages.add(chatMessage(item));
        case "function_call" -> {
          calls = calls == null ? JSON.createArrayBuilder() : calls;
          calls.add(
              JSON.createObjectBuilder()
                  .add("id", item.getString("call_id"))
                  .add("type", "function")
                  .add(
                      "function",
                      JSON.createObjectBuilder()
                          .add("name", item.getString("name"))
                          .add("arguments", item.getString("arguments", "{}"))));
        }
        case "function_call_output" ->
            messages.add(
                JSON.createObjectBuilder()
                    .add("role", "tool")
                    .add("tool_call_id", item.getString("call_id"))
                    .add("content", item.getString("output", "")));
        default -> {} // nothing else is stored
      }
    }
    if (calls != null) {
      messages.add(assistantCalls(calls));
    }
  }

  private static JsonObject assistantCalls(JsonArrayBuilder calls) {
    return JSON.createObjectBuilder()
        .add("role", "assistant")
        .add("content", JsonValue.NULL)
        .add("tool_calls", calls)
        .build();
  }

  private static JsonObject chatMessage(JsonObject item) {
    String role = item.getString("role");
    JsonArray parts = item.getJsonArray("content");
    boolean images =
        parts.stream().anyMatch(p -> "input_image".equals(p.asJsonObject().getString("type", "")));
    JsonObjectBuilder message =
        JSON.createObjectBuilder().add("role", role.equals("developer") ? "system" : role);
    if (!images) {
      StringBuilder text = new StringBuilder();
      parts.forEach(p -> text.append(p.asJsonObject().getString("text", "")));
      return message.add("content", text.toString()).build();
    }
    JsonArrayBuilder chatParts = JSON.createArrayBuilder();
    for (JsonValue p : parts) {
      JsonObject part = p.asJsonObject();
      if (part.getString("type").equals("input_image")) {
        chatParts.add(
            JSON.createObjectBuilder()
                .add("type", "image_url")
                .add(
                    "image_url",
                    JSON.createObjectBuilder().add("url", part.getString("image_url", ""))));
      } else {
        chatParts.add(
            JSON.createObjectBuilder().add("type", "text").add("text", part.getString("text", "")));
      }
    }
    return message.add("content", chatParts).build();
  }

  /** The output items of a chat answer's message: its text as a message, its calls as calls. */
  static JsonArray output(JsonObject message, String messageId, boolean complete) {
    JsonArrayBuilder output = JSON.createArrayBuilder();
    String status = complete ? "completed" : "incomplete";
    if (message.get("content") instanceof JsonString text && !text.getString().isEmpty()
        || !(message.get("tool_calls") instanceof JsonArray)) {
      String content = message.get("content") instanceof JsonString t ? t.getString() : "";
      output.add(textMessage(messageId, content, status));
    }
    if (message.get("tool_calls") instanceof JsonArray calls) {
      for (JsonValue c : calls) {
        JsonObject call = c.asJsonObject();
        JsonObject function = call.getJsonObject("function");
        output.add(
            functionCall(
                "fc_" + call.getString("id", id("")).replaceFirst("^call_", ""),
                call.getString("id", id("call_")),
                function.getString("name", ""),
                function.getString("arguments", "{}"),
                status));
      }
    }
    return output.build();
  }

  static JsonObject textMessage(String id, String text, String status) {
    return JSON.createObjectBuilder()
        .add("type", "message")
        .add("id", id)
        .add("status", status)
        .add("role", "assistant")
        .add("content", JSON.createArrayBuilder().add(text("output_text", text)))
        .build();
  }

  static JsonObject functionCall(
      String id, String callId, String name, String arguments, String status) {
    return JSON.createObjectBuilder()
        .add("type", "function_call")
        .add("id", id)
        .add("call_id", callId)
        .add("name", name)
        .add("arguments", arguments)
        .add("status", status)
        .build();
  }
}
