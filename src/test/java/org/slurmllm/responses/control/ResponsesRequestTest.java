package org.slurmllm.responses.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slurmllm.routing.boundary.ChatTranslator.Refused;

class ResponsesRequestTest {

  static ResponsesRequest parse(String body) {
    return ResponsesRequest.parse(body.getBytes(StandardCharsets.UTF_8));
  }

  static JsonObject json(String text) {
    return Json.createReader(new StringReader(text)).readObject();
  }

  static JsonObject chat(ResponsesRequest r, List<JsonObject> history) {
    return Json.createReader(new ByteArrayInputStream(r.chatBody(history))).readObject();
  }

  @Test
  void aStringInputIsOneUserMessageAfterTheInstructions() {
    ResponsesRequest r =
        parse(
            "{\"model\":\"m\",\"input\":\"Once upon a time\",\"instructions\":\"Be brief.\","
                + "\"max_output_tokens\":20,\"temperature\":0.5,\"stream\":true}");
    assertTrue(r.store(), "store is true unless asked otherwise, as OpenAI's");
    JsonObject chat = chat(r, List.of());
    JsonArray messages = chat.getJsonArray("messages");
    assertEquals("system", messages.getJsonObject(0).getString("role"));
    assertEquals("Be brief.", messages.getJsonObject(0).getString("content"));
    assertEquals("Once upon a time", messages.getJsonObject(1).getString("content"));
    assertEquals(20, chat.getInt("max_tokens"));
    assertEquals(0.5, chat.getJsonNumber("temperature").doubleValue());
    assertTrue(chat.getBoolean("stream"));
    assertTrue(chat.getJsonObject("stream_options").getBoolean("include_usage"));
    assertEquals(
        "input_text",
        r.input().getJsonObject(0).getJsonArray("content").getJsonObject(0).getString("type"));
    assertTrue(r.input().getJsonObject(0).getString("id").startsWith("msg_"));
  }

  @Test
  void callsAndTheirOutputsBecomeAssistantToolCallsAndToolMessages() {
    ResponsesRequest r =
        parse(
            """
            {"model":"m","input":[
              {"role":"developer","content":"Use tools."},
              {"type":"message","role":"user","content":[{"type":"input_text","text":"Weather?"}]},
              {"type":"function_call","call_id":"call_1","name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"},
              {"type":"function_call","call_id":"call_2","name":"get_weather","arguments":"{\\"city\\":\\"Rome\\"}"},
              {"type":"function_call_output","call_id":"call_1","output":"sunny"},
              {"type":"function_call_output","call_id":"call_2","output":"rain"}],
             "tools":[{"type":"function","name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}],
             "tool_choice":{"type":"function","name":"get_weather"},
             "text":{"format":{"type":"json_schema","name":"w","schema":{"type":"object"},"strict":true}}}""");
    JsonObject chat = chat(r, List.of());
    JsonArray m = chat.getJsonArray("messages");
    assertEquals("system", m.getJsonObject(0).getString("role"));
    assertEquals(2, m.getJsonObject(2).getJsonArray("tool_calls").size(), "one assistant message");
    assertEquals("tool", m.getJsonObject(3).getString("role"));
    assertEquals("call_2", m.getJsonObject(4).getString("tool_call_id"));
    assertEquals(
        "get_weather",
        chat.getJsonArray("tools").getJsonObject(0).getJsonObject("function").getString("name"));
    assertEquals(
        "get_weather",
        chat.getJsonObject("tool_choice").getJsonObject("function").getString("name"));
    JsonObject format = chat.getJsonObject("response_format");
    assertEquals("json_schema", format.getString("type"));
    assertTrue(format.getJsonObject("json_schema").getBoolean("strict"));
  }

  @Test
  void theStoredConversationComesBeforeTheNewInput() {
    JsonObject earlier = ResponseItems.textMessage("msg_1", "They lived happily.", "completed");
    ResponsesRequest r =
        parse("{\"model\":\"m\",\"input\":\"and then?\",\"previous_response_id\":\"resp_1\"}");
    JsonArray m = chat(r, List.of(r.input().getJsonObject(0), earlier)).getJsonArray("messages");
    assertEquals("assistant", m.getJsonObject(1).getString("role"));
    assertEquals("They lived happily.", m.getJsonObject(1).getString("content"));
    assertEquals("and then?", m.getJsonObject(2).getString("content"));
    assertEquals("resp_1", r.previousResponseId());
  }

  @Test
  void whatCannotBeServedIsA400NamingIt() {
    assertEquals("model", assertThrows(Refused.class, () -> parse("{\"input\":\"x\"}")).param);
    assertEquals(
        "input", assertThrows(Refused.class, () -> parse("{\"model\":\"m\",\"input\":[]}")).param);
    Refused builtIn =
        assertThrows(
            Refused.class,
            () ->
                parse("{\"model\":\"m\",\"input\":\"x\",\"tools\":[{\"type\":\"web_search\"}]}")
                    .chatBody(List.of()));
    assertEquals("tools[0].type", builtIn.param);
    assertEquals(400, builtIn.status);
    assertEquals(
        "background",
        assertThrows(
                Refused.class, () -> parse("{\"model\":\"m\",\"input\":\"x\",\"background\":true}"))
            .param);
    assertEquals(
        "input[0].type",
        assertThrows(
                Refused.class,
                () -> parse("{\"model\":\"m\",\"input\":[{\"type\":\"reasoning\",\"id\":\"r\"}]}"))
            .param);
    assertEquals(
        "input[0].content[0].type",
        assertThrows(
                Refused.class,
                () ->
                    parse(
                        "{\"model\":\"m\",\"input\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_file\",\"file_id\":\"f\"}]}]}"))
            .param);
    assertEquals(null, assertThrows(Refused.class, () -> parse("[1,2]")).param);
    assertFalse(
        parse("{\"model\":\"m\",\"input\":\"x\",\"store\":false,\"frobnicate\":1}").store());
  }
}
