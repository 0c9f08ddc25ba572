package org.slurmllm.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenAiProtocolTest {

  static JsonObject json(String text) {
    return Json.createReader(new StringReader(text)).readObject();
  }

  @Test
  void readsWhatTheSdksSend() {
    GenerationRequest r =
        OpenAiProtocol.parse(
            json(
                """
        {"model":"m","messages":[{"role":"system","content":"be brief"},
          {"role":"user","content":[{"type":"text","text":"hi "},{"type":"text","text":"there"}]}],
         "max_completion_tokens":7,"temperature":0,"top_p":0.9,"stop":["\\n"],"seed":42,
         "stream":true,"stream_options":{"include_usage":true},"n":1,"user":"u"}"""),
            true);
    assertEquals(2, r.messages().size());
    assertEquals("hi there", r.messages().get(1).content());
    assertEquals(7, r.maxTokens());
    assertEquals(0, r.temperature());
    assertEquals(0.9, r.topP(), 1e-9);
    assertEquals(List.of("\n"), r.stop());
    assertEquals(42, r.seed());
  }

  @Test
  void completionsTakeAPrompt() {
    GenerationRequest r =
        OpenAiProtocol.parse(json("{\"prompt\":\"Once\",\"max_tokens\":3,\"stop\":\"x\"}"), false);
    assertEquals("Once", r.prompt());
    assertEquals(List.of("x"), r.stop());
    assertNull(r.seed());
  }

  @Test
  void defaults() {
    GenerationRequest r =
        OpenAiProtocol.parse(json("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"), true);
    assertEquals(OpenAiProtocol.DEFAULT_MAX_TOKENS, r.maxTokens());
    assertEquals(1.0, r.temperature());
  }

  @Test
  void badFieldsAreNamed() {
    assertEquals(
        "messages",
        assertThrows(
                OpenAiProtocol.BadRequest.class,
                () -> OpenAiProtocol.parse(json("{\"messages\":\"not-a-list\"}"), true))
            .param);
    assertEquals(
        "messages",
        assertThrows(
                OpenAiProtocol.BadRequest.class,
                () -> OpenAiProtocol.parse(json("{\"messages\":[]}"), true))
            .param);
    assertEquals(
        "messages[0]",
        assertThrows(
                OpenAiProtocol.BadRequest.class,
                () -> OpenAiProtocol.parse(json("{\"messages\":[{\"content\":\"x\"}]}"), true))
            .param);
    assertEquals(
        "max_tokens",
        assertThrows(
                OpenAiProtocol.BadRequest.class,
                () -> OpenAiProtocol.parse(json("{\"prompt\":\"x\",\"max_tokens\":0}"), false))
            .param);
    assertEquals(
        "temperature",
        assertThrows(
                OpenAiProtocol.BadRequest.class,
                () -> OpenAiProtocol.parse(json("{\"prompt\":\"x\",\"temperature\":3}"), false))
            .param);
    assertEquals(
        "prompt",
        assertThrows(
                OpenAiProtocol.BadRequest.class,
                () -> OpenAiProtocol.parse(json("{\"prompt\":42}"), false))
            .param);
    assertEquals(
        "stop",
        assertThrows(
                OpenAiProtocol.BadRequest.class,
                () -> OpenAiProtocol.parse(json("{\"prompt\":\"x\",\"stop\":[1]}"), false))
            .param);
  }

  @Test
  void writesChatResponsesAndChunks() {
    Engine.Result result = new Engine.Result("Hello", 3, 1, "stop");
    JsonObject response =
        OpenAiProtocol.response("chatcmpl-1", "m", 100, true, result, AnswerShape.TEXT);
    assertEquals("chat.completion", response.getString("object"));
    assertEquals(
        "Hello",
        response
            .getJsonArray("choices")
            .getJsonObject(0)
            .getJsonObject("message")
            .getString("content"));
    assertEquals(4, response.getJsonObject("usage").getInt("total_tokens"));

    JsonObject first =
        OpenAiProtocol.deltaChunk(
            "c", "m", 1, true, Json.createObjectBuilder().add("content", "He").build(), null);
    JsonObject delta = first.getJsonArray("choices").getJsonObject(0).getJsonObject("delta");
    assertEquals("assistant", delta.getString("role"));
    assertEquals("He", delta.getString("content"));
    assertTrue(first.getJsonArray("choices").getJsonObject(0).isNull("finish_reason"));
    JsonObject last = OpenAiProtocol.deltaChunk("c", "m", 1, false, null, "length");
    assertFalse(
        last.getJsonArray("choices")
            .getJsonObject(0)
            .getJsonObject("delta")
            .containsKey("content"));
    assertEquals(
        "length", last.getJsonArray("choices").getJsonObject(0).getString("finish_reason"));
    assertEquals(
        0, OpenAiProtocol.usageChunk("c", "m", 1, true, result).getJsonArray("choices").size());
  }

  @Test
  void writesCompletions() {
    JsonObject response =
        OpenAiProtocol.response(
            "cmpl-1", "m", 100, false, new Engine.Result("x", 1, 1, "length"), AnswerShape.TEXT);
    assertEquals("text_completion", response.getString("object"));
    assertEquals("x", response.getJsonArray("choices").getJsonObject(0).getString("text"));
  }

  @Test
  void whatTheServerCannotDoIsRefusedNotIgnored() {
    String messages = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";
    assertEquals(
        "n",
        assertThrows(
                OpenAiProtocol.BadRequest.class,
                () -> OpenAiProtocol.parse(json("{" + messages + ",\"n\":5}"), true))
            .param);
    assertEquals(
        "logprobs",
        assertThrows(
                OpenAiProtocol.BadRequest.class,
                () -> OpenAiProtocol.parse(json("{" + messages + ",\"logprobs\":true}"), true))
            .param);
    assertEquals(
        "logprobs",
        assertThrows(
                OpenAiProtocol.BadRequest.class,
                () -> OpenAiProtocol.parse(json("{\"prompt\":\"x\",\"logprobs\":2}"), false))
            .param);
    // what the SDKs send by default passes
    OpenAiProtocol.parse(
        json("{" + messages + ",\"n\":1,\"logprobs\":false,\"frobnicate\":{}}"), true);
    OpenAiProtocol.parse(json("{\"prompt\":\"x\",\"logprobs\":null}"), false);
  }

  @Test
  void aChatAnswersMessageCarriesItsRefusalAsOpenAiDescribesIt() {
    JsonObject answer =
        OpenAiProtocol.response(
            "chatcmpl-1",
            "m",
            1L,
            true,
            new Engine.Result("Once upon a time", 3, 4, "length"),
            AnswerShape.TEXT);
    JsonObject message = answer.getJsonArray("choices").getJsonObject(0).getJsonObject("message");
    assertEquals("assistant", message.getString("role"));
    assertEquals("Once upon a time", message.getString("content"));
    assertTrue(message.containsKey("refusal") && message.isNull("refusal"), message::toString);
    JsonObject completion =
        OpenAiProtocol.response(
            "cmpl-1", "m", 1L, false, new Engine.Result("x", 1, 1, "stop"), AnswerShape.TEXT);
    assertFalse(completion.getJsonArray("choices").getJsonObject(0).containsKey("message"));
  }

  static final String TOOLS =
      "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
          + "\"parameters\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},"
          + "\"required\":[\"city\"]}}}]";

  static OpenAiProtocol.BadRequest refused(String body) {
    return assertThrows(
        OpenAiProtocol.BadRequest.class, () -> OpenAiProtocol.parse(json(body), true));
  }

  @Test
  void fieldsNoEngineHereHonoursAreRefusedByName() {
    String messages = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";
    assertEquals("logit_bias", refused("{" + messages + ",\"logit_bias\":{\"50256\":-100}}").param);
    assertEquals("audio", refused("{" + messages + ",\"audio\":{\"voice\":\"alloy\"}}").param);
    assertEquals(
        "modalities", refused("{" + messages + ",\"modalities\":[\"text\",\"audio\"]}").param);
    assertEquals(
        "messages[0].content[1].type",
        refused(
                "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"what is it?\"},"
                    + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,AA==\"}}]}]}")
            .param);
    OpenAiProtocol.BadRequest builtIn =
        refused("{" + messages + ",\"tools\":[{\"type\":\"web_search\"}]}");
    assertEquals("tools[0].type", builtIn.param);
    assertTrue(builtIn.getMessage().contains("web_search"), builtIn.getMessage());
    assertEquals("tool_choice", refused("{" + messages + ",\"tool_choice\":\"required\"}").param);
    assertEquals(
        "tool_choice.function.name",
        refused(
                "{"
                    + messages
                    + ","
                    + TOOLS
                    + ",\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"nope\"}}}")
            .param);
    assertEquals(
        "response_format.json_schema.schema.properties.a.not",
        refused(
                "{"
                    + messages
                    + ",\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"x\","
                    + "\"schema\":{\"type\":\"object\",\"properties\":{\"a\":{\"not\":{}}}}}}}")
            .param);
    assertEquals(
        "messages[1].tool_call_id",
        refused(
                "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"},{\"role\":\"tool\",\"content\":\"42\"}]}")
            .param);
  }

  @Test
  void shapesAreReadFromFormatAndTools() {
    String messages = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";
    assertEquals(
        AnswerShape.TEXT,
        OpenAiProtocol.parse(
                json("{" + messages + "," + TOOLS + ",\"tool_choice\":\"none\"}"), true)
            .shape());
    AnswerShape.Tools auto =
        (AnswerShape.Tools)
            OpenAiProtocol.parse(json("{" + messages + "," + TOOLS + "}"), true).shape();
    assertFalse(auto.forced());
    assertTrue(auto.parallel());
    AnswerShape.Tools named =
        (AnswerShape.Tools)
            OpenAiProtocol.parse(
                    json(
                        "{"
                            + messages
                            + ","
                            + TOOLS
                            + ",\"parallel_tool_calls\":false,\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}}}"),
                    true)
                .shape();
    assertEquals("get_weather", named.named());
    assertTrue(named.forced());
    assertEquals(
        new AnswerShape.Json(null),
        OpenAiProtocol.parse(
                json("{" + messages + ",\"response_format\":{\"type\":\"json_object\"}}"), true)
            .shape());
  }

  @Test
  void anEarlierCallAndItsResultAreInTheConversation() {
    GenerationRequest r =
        OpenAiProtocol.parse(
            json(
                """
                {"messages":[{"role":"user","content":"Weather in Paris?"},
                 {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function",
                   "function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}}]},
                 {"role":"tool","tool_call_id":"call_1","content":"sunny, 21 C"}]}"""),
            true);
    assertEquals(
        "<tool_call>{\"name\":\"get_weather\",\"arguments\":{\"city\":\"Paris\"}}</tool_call>",
        r.messages().get(1).content());
    assertEquals("tool", r.messages().get(2).role());
    assertEquals("sunny, 21 C", r.messages().get(2).content());
  }

  @Test
  void aCallAnswerHasToolCallsAndNoContent() {
    JsonObject answer =
        OpenAiProtocol.response(
            "chatcmpl-1",
            "m",
            1L,
            true,
            new Engine.Result(
                "{\"name\":\"get_weather\",\"arguments\":{\"city\":\"Paris\"}}", 3, 9, "stop"),
            new AnswerShape.Tools(List.of(), AnswerShape.Mode.REQUIRED, null, true));
    JsonObject choice = answer.getJsonArray("choices").getJsonObject(0);
    assertEquals("tool_calls", choice.getString("finish_reason"));
    JsonObject message = choice.getJsonObject("message");
    assertTrue(message.isNull("content"));
    JsonObject call = message.getJsonArray("tool_calls").getJsonObject(0);
    assertTrue(call.getString("id").startsWith("call_"));
    assertEquals("function", call.getString("type"));
    assertEquals("get_weather", call.getJsonObject("function").getString("name"));
    assertEquals("{\"city\":\"Paris\"}", call.getJsonObject("function").getString("arguments"));
  }
}
