package org.slurmllm.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimEngineTest {

  final SimEngine instant = new SimEngine(LatencyProfile.named("instant"), Faults.NONE, 4096);

  static GenerationRequest chat(String content, int maxTokens, List<String> stop, Integer seed) {
    return new GenerationRequest(
        null, List.of(new GenerationRequest.Message("user", content)), maxTokens, 1, 1, stop, seed);
  }

  @Test
  void answersMaxTokensPiecesStreamedOneByOne() {
    List<String> streamed = new ArrayList<>();
    Engine.Result r = instant.generate(chat("Name a prime.", 12, List.of(), null), streamed::add);
    assertEquals(12, streamed.size());
    assertEquals(12, r.completionTokens());
    assertEquals(String.join("", streamed), r.text());
    assertEquals("length", r.finishReason());
    assertTrue(r.promptTokens() > 0);
  }

  @Test
  void sameRequestSameAnswerOtherSeedOtherAnswer() {
    String a = instant.generate(chat("hello", 8, List.of(), 1), t -> {}).text();
    assertEquals(a, instant.generate(chat("hello", 8, List.of(), 1), t -> {}).text());
    assertNotEquals(a, instant.generate(chat("hello", 8, List.of(), 2), t -> {}).text());
  }

  @Test
  void echoSaysWhatItIsTold() {
    Engine.Result r = instant.generate(chat("echo: 7 is prime", 50, List.of(), null), t -> {});
    assertEquals("7 is prime", r.text());
    assertEquals("stop", r.finishReason());
  }

  @Test
  void stopSequencesEndTheAnswer() {
    Engine.Result r =
        instant.generate(chat("echo: one two three four", 50, List.of("three"), null), t -> {});
    assertEquals("one two ", r.text());
    assertEquals("stop", r.finishReason());
  }

  @Test
  void injectedErrorsFail() {
    SimEngine failing =
        new SimEngine(LatencyProfile.named("instant"), new Faults(1.0, 0, null), 4096);
    assertThrows(
        Engine.EngineException.class,
        () -> failing.generate(chat("x", 2, List.of(), null), t -> {}));
  }

  @Test
  void profilesTimeTheAnswer() {
    SimEngine eightB = new SimEngine(LatencyProfile.named("llama-3.1-8b"), Faults.NONE, 4096);
    long start = System.nanoTime();
    eightB.generate(chat("x", 5, List.of(), null), t -> {});
    long millis = (System.nanoTime() - start) / 1_000_000;
    // 40 ms to the first token, then 4 x 12 ms
    assertTrue(millis >= 85 && millis < 1000, "took " + millis + " ms");
  }

  @Test
  void slowdownGrowsWithRunningSequences() {
    LatencyProfile p = LatencyProfile.named("llama-3.1-70b");
    assertEquals(45, p.perTokenMillis(1), 1e-9);
    assertEquals(45 * 1.3, p.perTokenMillis(11), 1e-9);
    assertThrows(IllegalArgumentException.class, () -> LatencyProfile.named("gpt-9"));
  }

  @Test
  void theThreeBillionProfileSitsBetweenOneAndEight() {
    LatencyProfile one = LatencyProfile.named("llama-3.2-1b");
    LatencyProfile three = LatencyProfile.named("llama-3.2-3b");
    LatencyProfile eight = LatencyProfile.named("llama-3.1-8b");
    assertTrue(
        one.firstTokenMillis() < three.firstTokenMillis()
            && three.firstTokenMillis() < eight.firstTokenMillis());
    assertTrue(
        one.perTokenMillis(1) < three.perTokenMillis(1)
            && three.perTokenMillis(1) < eight.perTokenMillis(1));
    assertEquals(256, three.maxSequences());
  }

  static GenerationRequest shaped(String body) {
    return OpenAiProtocol.parse(OpenAiProtocolTest.json(body), true);
  }

  @Test
  void aJsonSchemaIsAnsweredWithJsonOfIt() {
    GenerationRequest request =
        shaped(
            "{\"messages\":[{\"role\":\"user\",\"content\":\"A person.\"}],\"response_format\":"
                + "{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"p\",\"schema\":"
                + JsonSchemasTest.PERSON
                + "}}}");
    List<String> pieces = new java.util.ArrayList<>();
    Engine.Result r = instant.generate(instant.fitted(request), pieces::add);
    jakarta.json.JsonObject person = OpenAiProtocolTest.json(r.text());
    assertTrue(person.get("name") instanceof jakarta.json.JsonString, r.text());
    assertTrue(pieces.size() > 3, "streamed in pieces: " + pieces);
    assertEquals("stop", r.finishReason());
  }

  @Test
  void withToolsItCallsOneAndAnswersInWordsAfterItsResult() {
    String tools = OpenAiProtocolTest.TOOLS;
    Engine.Result call =
        instant.generate(
            shaped(
                "{\"messages\":[{\"role\":\"user\",\"content\":\"Weather in Paris?\"}],"
                    + tools
                    + "}"),
            t -> {});
    assertTrue(call.text().startsWith(AnswerShape.CALL_MARK), call.text());
    ToolCallScanner.Call made = ToolCallScanner.scan(call.text()).get(0);
    assertEquals("get_weather", made.name());
    assertTrue(
        OpenAiProtocolTest.json(made.arguments()).get("city") instanceof jakarta.json.JsonString,
        made.arguments());
    Engine.Result after =
        instant.generate(
            shaped(
                "{\"messages\":[{\"role\":\"user\",\"content\":\"Weather in Paris?\"},"
                    + "{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\","
                    + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"{}\"}}]},"
                    + "{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":\"sunny, 21 C\"}],"
                    + tools
                    + "}"),
            t -> {});
    assertEquals("The tool answered: sunny, 21 C", after.text());
    Engine.Result required =
        instant.generate(
            shaped(
                "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"tool_choice\":\"required\","
                    + tools
                    + "}"),
            t -> {});
    assertTrue(required.text().startsWith("{\"name\":\"get_weather\""), required.text());
  }

  @Test
  void aPatternTheSimulatorCannotMakeIsRefused() {
    Engine.InvalidInput refused =
        assertThrows(
            Engine.InvalidInput.class,
            () ->
                instant.fitted(
                    shaped(
                        "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"response_format\":"
                            + "{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"p\",\"schema\":"
                            + "{\"type\":\"string\",\"pattern\":\"^a+$\"}}}}")));
    assertEquals("response_format.json_schema.schema.pattern", refused.param);
  }
}
