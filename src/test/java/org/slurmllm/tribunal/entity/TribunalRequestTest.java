package org.slurmllm.tribunal.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.slurmllm.rest.ApiException;

class TribunalRequestTest {

  static final Predicate<String> ANY = m -> true;
  static final TribunalLimits LIMITS = new TribunalLimits(100, 3, 4);

  static JsonObject json(String text) {
    return Json.createReader(new StringReader(text)).readObject();
  }

  static JsonArrayBuilder models(int n) {
    JsonArrayBuilder a = Json.createArrayBuilder();
    for (int i = 0; i < n; i++) {
      a.add("m" + i);
    }
    return a;
  }

  ApiException refused(JsonObject body) {
    return assertThrows(ApiException.class, () -> TribunalRequest.of(body, ANY, LIMITS));
  }

  @Test
  void withinEveryBoundItIsAccepted() {
    TribunalRequest r =
        TribunalRequest.of(
            Json.createObjectBuilder()
                .add("prompt", "x".repeat(100))
                .add("rubric", "é".repeat(50)) // 100 bytes
                .add("panel", models(3))
                .add("judges", models(3))
                .add("rounds", 4)
                .build(),
            ANY,
            LIMITS);
    assertEquals(4, r.rounds());
    assertEquals(3, r.panel().size());
  }

  @Test
  void everyFieldOverItsBoundIsNamedInOne400() {
    ApiException e =
        refused(
            Json.createObjectBuilder()
                .add("prompt", "x".repeat(101))
                .add("rubric", "é".repeat(51))
                .add("panel", models(4))
                .add("judges", models(9))
                .add("rounds", 5)
                .build());
    assertEquals(400, e.status().getStatusCode());
    assertEquals("prompt,panel,judges,rounds,rubric", e.body().error().param());
    String message = e.getMessage();
    assertTrue(message.contains("prompt: at most 100 bytes"), message);
    assertTrue(message.contains("panel: at most 3 models"), message);
    assertTrue(message.contains("judges: at most 3 models"), message);
    assertTrue(message.contains("rounds: from 1 to 4"), message);
    assertTrue(message.contains("rubric: at most 100 bytes"), message);
  }

  @Test
  void thePromptIsCountedInUtf8Bytes() {
    // 34 three-byte characters: 102 bytes, though only 34 chars
    ApiException e =
        refused(
            json("{\"prompt\":\"" + "€".repeat(34) + "\",\"panel\":[\"a\"],\"judges\":[\"b\"]}"));
    assertEquals("prompt", e.body().error().param());
  }

  @Test
  void aHugeRoundsIsOutOfRangeNotWrapped() {
    ApiException e =
        refused(
            json("{\"prompt\":\"q\",\"panel\":[\"a\"],\"judges\":[\"b\"],\"rounds\":4294967297}"));
    assertEquals("rounds", e.body().error().param());
  }

  @Test
  void fieldsThatDependOnABadOneAreNotBlamedForIt() {
    // no judges: the aggregator's default (the first judge) is not checked; quorum needs a panel
    ApiException e = refused(json("{\"prompt\":\"\",\"panel\":[],\"judges\":[],\"quorum\":2}"));
    assertEquals("prompt,panel,judges", e.body().error().param());
  }

  @Test
  void tooLongCountsSurrogatePairsAsFourBytes() {
    String emoji = "\uD83D\uDE00"; // 4 bytes in UTF-8
    assertFalse(TribunalRequest.tooLong(emoji.repeat(25), 100));
    assertTrue(TribunalRequest.tooLong(emoji.repeat(25) + "x", 100));
    assertTrue(TribunalRequest.tooLong("x".repeat(101), 100));
    assertFalse(TribunalRequest.tooLong("", 0));
  }
}
