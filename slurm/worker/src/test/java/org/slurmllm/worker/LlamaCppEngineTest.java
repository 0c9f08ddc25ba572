package org.slurmllm.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real TinyStories model (stories260K, GGUF) through llama.cpp, on the CPU. */
class LlamaCppEngineTest {

  static LlamaCppEngine engine;

  @BeforeAll
  static void load() {
    engine = new LlamaCppEngine(TinyModel.weights(), 1, 512);
  }

  @AfterAll
  static void close() {
    engine.close();
  }

  @Test
  void writesAStoryGreedily() {
    List<String> tokens = new ArrayList<>();
    Engine.Result r =
        engine.generate(
            new GenerationRequest("Once upon a time", null, 24, 0, 1, List.of(), 1), tokens::add);
    assertTrue(r.text().toLowerCase().contains("lily") || r.text().contains("there was"), r.text());
    assertEquals(24, r.completionTokens());
    assertEquals(String.join("", tokens), r.text());
    assertEquals("length", r.finishReason());
    assertTrue(r.promptTokens() >= 4);
  }

  @Test
  void greedyIsRepeatable() {
    GenerationRequest request = new GenerationRequest("The cat", null, 12, 0, 1, List.of(), 7);
    assertEquals(
        engine.generate(request, t -> {}).text(), engine.generate(request, t -> {}).text());
  }

  @Test
  void stopStringsEndTheText() {
    Engine.Result r =
        engine.generate(
            new GenerationRequest("Once upon a time", null, 64, 0, 1, List.of("."), 1), t -> {});
    assertEquals("stop", r.finishReason());
    assertTrue(r.completionTokens() < 64);
  }

  @Test
  void chatWithoutATemplateTheVocabularyCanExpressIsAPlainTranscript() {
    // stories260K has no template and no ChatML tokens: "<|im_start|>" would be spelt in bytes
    GenerationRequest chat =
        new GenerationRequest(
            null,
            List.of(new GenerationRequest.Message("user", "Once upon a time")),
            10,
            0,
            1,
            List.of(),
            1);
    GenerationRequest transcript =
        new GenerationRequest("user: Once upon a time\nassistant:", null, 10, 0, 1, List.of(), 1);
    Engine.Result r = engine.generate(chat, t -> {});
    assertTrue(r.completionTokens() >= 1 && !r.text().isBlank(), r.text());
    assertEquals(engine.generate(transcript, t -> {}).text(), r.text());
    assertEquals(engine.countTokens("user: Once upon a time\nassistant:"), r.promptTokens());
  }

  @Test
  void maxTokensIsCutToTheRoomTheContextLeaves() {
    GenerationRequest huge = new GenerationRequest("Once", null, 1_000_000_000, 0, 1, List.of(), 1);
    GenerationRequest fitted = engine.fitted(huge);
    assertEquals(512 - engine.countTokens("Once"), fitted.maxTokens());
  }

  @Test
  void aPromptThatFillsTheContextIsRefused() {
    String longText = "a ".repeat(2000);
    Engine.InvalidInput refused =
        org.junit.jupiter.api.Assertions.assertThrows(
            Engine.InvalidInput.class,
            () -> engine.fitted(new GenerationRequest(longText, null, 5, 0, 1, List.of(), 1)));
    assertEquals("context_length_exceeded", refused.code);
    assertEquals("prompt", refused.param);
  }

  @Test
  void aJsonSchemaHoldsEvenTheTinyModelToJsonOfIt() {
    for (int seed = 1; seed <= 8; seed++) {
      GenerationRequest request =
          engine.fitted(
              SimEngineTest.shaped(
                  "{\"messages\":[{\"role\":\"user\",\"content\":\"A person.\"}],\"max_tokens\":60,"
                      + "\"seed\":"
                      + seed
                      + ",\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"p\","
                      + "\"strict\":true,\"schema\":{\"type\":\"object\",\"properties\":{\"name\":"
                      + "{\"type\":\"string\"},\"age\":{\"type\":\"integer\"}},\"required\":[\"name\",\"age\"],"
                      + "\"additionalProperties\":false}}}}"));
      Engine.Result r = engine.generate(request, t -> {});
      jakarta.json.JsonObject person = OpenAiProtocolTest.json(r.text());
      assertEquals(java.util.Set.of("name", "age"), person.keySet(), r.text());
      assertTrue(person.getJsonNumber("age").isIntegral(), r.text());
      assertEquals("stop", r.finishReason(), r.text());
    }
  }

  @Test
  void aRequiredCallIsACallOfTheFunctionWithArgumentsOfItsParameters() {
    for (int seed = 1; seed <= 4; seed++) {
      GenerationRequest request =
          engine.fitted(
              SimEngineTest.shaped(
                  "{\"messages\":[{\"role\":\"user\",\"content\":\"Weather in Paris?\"}],\"max_tokens\":60,"
                      + "\"seed\":"
                      + seed
                      + ",\"tool_choice\":\"required\","
                      + OpenAiProtocolTest.TOOLS
                      + "}"));
      Engine.Result r = engine.generate(request, t -> {});
      List<ToolCallScanner.Call> calls = ToolCallScanner.scan(r.text());
      assertTrue(!calls.isEmpty(), r.text());
      assertEquals("get_weather", calls.get(0).name(), r.text());
      assertTrue(
          OpenAiProtocolTest.json(calls.get(0).arguments()).get("city")
              instanceof jakarta.json.JsonString,
          r.text());
    }
  }
}
