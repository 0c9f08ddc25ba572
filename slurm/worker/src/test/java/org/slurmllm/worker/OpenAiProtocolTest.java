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
    JsonObject response = OpenAiProtocol.response("chatcmpl-1", "m", 100, true, result);
    assertEquals("chat.completion", response.getString("object"));
    assertEquals(
        "Hello",
        response
            .getJsonArray("choices")
            .getJsonObject(0)
            .getJsonObject("message")
            .getString("content"));
    assertEquals(4, response.getJsonObject("usage").getInt("total_tokens"));

    JsonObject first = OpenAiProtocol.chunk("c", "m", 1, true, true, "He", null);
    JsonObject delta = first.getJsonArray("choices").getJsonObject(0).getJsonObject("delta");
    assertEquals("assistant", delta.getString("role"));
    assertEquals("He", delta.getString("content"));
    assertTrue(first.getJsonArray("choices").getJsonObject(0).isNull("finish_reason"));
    JsonObject last = OpenAiProtocol.chunk("c", "m", 1, true, false, null, "length");
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
        OpenAiProtocol.response("cmpl-1", "m", 100, false, new Engine.Result("x", 1, 1, "length"));
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
            "chatcmpl-1", "m", 1L, true, new Engine.Result("Once upon a time", 3, 4, "length"));
    JsonObject message = answer.getJsonArray("choices").getJsonObject(0).getJsonObject("message");
    assertEquals("assistant", message.getString("role"));
    assertEquals("Once upon a time", message.getString("content"));
    assertTrue(message.containsKey("refusal") && message.isNull("refusal"), message::toString);
    JsonObject completion =
        OpenAiProtocol.response("cmpl-1", "m", 1L, false, new Engine.Result("x", 1, 1, "stop"));
    assertFalse(completion.getJsonArray("choices").getJsonObject(0).containsKey("message"));
  }
}
