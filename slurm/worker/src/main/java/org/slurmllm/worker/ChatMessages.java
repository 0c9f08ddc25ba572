package org.slurmllm.worker;

import static org.slurmllm.worker.JsonP.JSON;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import org.slurmllm.worker.OpenAiProtocol.BadRequest;

/**
 * A chat request's {@code messages} as the engines read them: each a role and its text, an
 * assistant's earlier calls written as the model writes calls, a tool's result under the role
 * {@code tool}; parts other than text refused, as the engines read text only.
 */
final class ChatMessages {

  private ChatMessages() {}

  static List<GenerationRequest.Message> read(JsonValue value) {
    if (!(value instanceof JsonArray array) || array.isEmpty()) {
      throw new BadRequest("messages", "messages must be a non-empty array");
    }
    List<GenerationRequest.Message> messages = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      if (!(array.get(i) instanceof JsonObject m) || !(m.get("role") instanceof JsonString role)) {
        throw new BadRequest(
            "messages[" + i + "]", "messages[" + i + "] must be an object with a role");
      }
      String content = content(m.get("content"), i);
      if (role.getString().equals("tool") && !(m.get("tool_call_id") instanceof JsonString)) {
        throw new BadRequest(
            "messages[" + i + "].tool_call_id",
            "messages[" + i + "].tool_call_id: a tool message answers a call; name its id");
      }
      if (m.get("tool_calls") instanceof JsonArray calls) {
        content += calls(calls, i);
      }
      messages.add(new GenerationRequest.Message(role.getString(), content));
    }
    return messages;
  }

  /**
   * An assistant's earlier calls, as the model would have written them: one marked call each, so
   * the chat template (or the transcript) shows the model what it asked and the tool messages after
   * it what came back.
   */
  private static String calls(JsonArray calls, int index) {
    StringBuilder text = new StringBuilder();
    for (int k = 0; k < calls.size(); k++) {
      String at = "messages[" + index + "].tool_calls[" + k + "]";
      if (!(calls.get(k) instanceof JsonObject call)
          || !(call.get("function") instanceof JsonObject f)
          || !(f.get("name") instanceof JsonString name)) {
        throw new BadRequest(at, at + " must be a function call with a name");
      }
      String arguments = f.getString("arguments", "{}");
      JsonValue parsed;
      try (var reader = JSON.createReader(new java.io.StringReader(arguments))) {
        parsed = reader.readValue();
      } catch (RuntimeException e) {
        parsed = JSON.createValue(arguments);
      }
      text.append(AnswerShape.CALL_MARK)
          .append(
              JSON.createObjectBuilder()
                  .add("name", name.getString())
                  .add("arguments", parsed)
                  .build())
          .append("</tool_call>");
    }
    return text.toString();
  }

  /**
   * Content is a string or an array of parts, of which the text parts count; images, audio and
   * files are refused, as this server reads text only.
   */
  private static String content(JsonValue value, int index) {
    if (value == null || value == JsonValue.NULL) {
      return "";
    }
    if (value instanceof JsonString s) {
      return s.getString();
    }
    if (value instanceof JsonArray parts) {
      StringBuilder text = new StringBuilder();
      for (int k = 0; k < parts.size(); k++) {
        JsonValue part = parts.get(k);
        String type = part instanceof JsonObject p ? p.getString("type", "") : "";
        if (type.equals("text") || type.equals("input_text") || type.equals("output_text")) {
          text.append(((JsonObject) part).getString("text", ""));
        } else {
          String at = "messages[" + index + "].content[" + k + "].type";
          throw new BadRequest(
              at,
              at + ": '" + type + "' parts are not supported; this server reads text only",
              "unsupported_value");
        }
      }
      return text.toString();
    }
    throw new BadRequest(
        "messages[" + index + "].content", "content must be a string or an array of parts");
  }
}
