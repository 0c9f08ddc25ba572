package org.slurmllm.tribunal.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slurmllm.catalog.entity.TribunalRecipe;

class RecipeRequestTest {

  static JsonObject json(String text) {
    return Json.createReader(new StringReader(text)).readObject();
  }

  static final TribunalRecipe COUNCIL =
      new TribunalRecipe(
          List.of("a", "b"), List.of("b"), 2, "best", "b", "Be exact.", 1, 8.5, 64, "rubric", null);

  @Test
  void aLoneQuestionIsThePromptAndTheSystemMessageJoinsTheRubric() {
    JsonObject r =
        RecipeRequest.of(
            COUNCIL,
            json(
                "{\"messages\":[{\"role\":\"system\",\"content\":\"Answer in French.\"},"
                    + "{\"role\":\"user\",\"content\":\"Name a prime.\"}],\"max_tokens\":16,"
                    + "\"temperature\":0.7,\"service_tier\":\"flex\"}"));
    assertEquals("Name a prime.", r.getString("prompt"));
    assertEquals("Be exact.\n\nAnswer in French.", r.getString("rubric"));
    assertEquals(16, r.getInt("maxTokens"), "the request's bound under the recipe's");
    assertEquals(2, r.getInt("rounds"));
    assertEquals(8.5, r.getJsonNumber("earlyStopScore").doubleValue());
    assertEquals(0.7, r.getJsonNumber("temperature").doubleValue(), "reaches every call");
    assertEquals("flex", r.getString("serviceTier"));
  }

  @Test
  void aConversationIsOneLineAMessageAndTheRecipeBoundsTheTokens() {
    JsonObject r =
        RecipeRequest.of(
            new TribunalRecipe(
                List.of("a"),
                List.of("a"),
                null,
                null,
                null,
                null,
                null,
                null,
                32,
                "conversation",
                null),
            json(
                "{\"messages\":[{\"role\":\"system\",\"content\":\"Be kind.\"},"
                    + "{\"role\":\"user\",\"content\":\"Hi\"},{\"role\":\"assistant\",\"content\":\"Hello\"},"
                    + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"A prime?\"}]}],"
                    + "\"max_tokens\":1000}"));
    assertEquals(
        "system: Be kind.\nuser: Hi\nassistant: Hello\nuser: A prime?", r.getString("prompt"));
    assertEquals(32, r.getInt("maxTokens"));
    assertEquals(false, r.containsKey("rubric"));
  }
}
