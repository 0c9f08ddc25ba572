package org.slurmllm.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShapedAnswerTest {

  static final AnswerShape.Tools AUTO =
      new AnswerShape.Tools(List.of(), AnswerShape.Mode.AUTO, null, true);

  static List<JsonObject> feedAll(ShapedAnswer answer, String... pieces) {
    List<JsonObject> deltas = new ArrayList<>();
    for (String piece : pieces) {
      deltas.addAll(answer.feed(piece));
    }
    deltas.addAll(answer.end());
    return deltas;
  }

  @Test
  void aModelThatMayChooseAndWritesTextAnswersText() {
    ShapedAnswer answer = new ShapedAnswer(AUTO);
    assertTrue(answer.feed("<to").isEmpty(), "held back: it may be a call");
    List<JsonObject> deltas = answer.feed("day it is sunny");
    assertEquals("<today it is sunny", deltas.get(0).getString("content"));
    assertEquals("stop", answer.finishReason("stop"));
    assertEquals("<today it is sunny", answer.message().getString("content"));
  }

  @Test
  void aMarkedCallIsStreamedAsToolCallDeltas() {
    ShapedAnswer answer = new ShapedAnswer(AUTO);
    List<JsonObject> deltas =
        feedAll(
            answer,
            " <tool_",
            "call>{\"name\": \"get_weather\", ",
            "\"arguments\": {\"ci",
            "ty\": \"Paris\"}}",
            "</tool_call>");
    JsonObject first = deltas.get(0).getJsonArray("tool_calls").getJsonObject(0);
    assertEquals(0, first.getInt("index"));
    assertEquals("get_weather", first.getJsonObject("function").getString("name"));
    assertEquals("", first.getJsonObject("function").getString("arguments"));
    String id = first.getString("id");
    StringBuilder arguments = new StringBuilder();
    for (JsonObject d : deltas.subList(1, deltas.size())) {
      JsonObject call = d.getJsonArray("tool_calls").getJsonObject(0);
      assertEquals(0, call.getInt("index"));
      arguments.append(call.getJsonObject("function").getString("arguments"));
    }
    assertEquals("{\"city\": \"Paris\"}", arguments.toString());
    assertTrue(deltas.size() > 2, "arguments in more than one piece");
    assertEquals("tool_calls", answer.finishReason("stop"));
    assertEquals(id, answer.message().getJsonArray("tool_calls").getJsonObject(0).getString("id"));
  }

  @Test
  void aCallCutShortEndsForItsLength() {
    ShapedAnswer answer =
        new ShapedAnswer(new AnswerShape.Tools(List.of(), AnswerShape.Mode.REQUIRED, null, false));
    feedAll(answer, "{\"name\": \"f\", \"arguments\": {\"a\": \"lo");
    assertEquals("length", answer.finishReason("length"));
  }
}
