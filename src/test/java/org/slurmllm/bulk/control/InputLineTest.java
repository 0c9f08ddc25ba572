package org.slurmllm.bulk.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.slurmllm.tribunal.entity.TribunalLimits;

class InputLineTest {

  static final String CHAT = "/v1/chat/completions";

  static InputLine check(String line) {
    return InputLine.check(line, CHAT, Set.of("m")::contains, TribunalLimits.DEFAULTS);
  }

  @Test
  void aGoodLineNamesItsRequestAndModel() {
    InputLine line =
        check(
            "{\"custom_id\":\"r1\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\","
                + "\"body\":{\"model\":\"m\",\"messages\":[]}}");
    assertTrue(line.valid());
    assertEquals("r1", line.customId());
    assertEquals("m", line.model());
  }

  @Test
  void eachKindOfBadLineHasItsOwnCode() {
    assertEquals("invalid_json", check("{\"custom_id\":").errorCode());
    assertEquals("invalid_json", check("[1,2]").errorCode());
    assertEquals("missing_custom_id", check("{\"method\":\"POST\"}").errorCode());
    assertEquals("missing_custom_id", check("{\"custom_id\":7}").errorCode());
    assertEquals("invalid_method", check("{\"custom_id\":\"a\",\"method\":\"GET\"}").errorCode());
    assertEquals(
        "invalid_url",
        check("{\"custom_id\":\"a\",\"method\":\"POST\",\"url\":\"/v1/completions\"}").errorCode());
    assertEquals(
        "invalid_body",
        check("{\"custom_id\":\"a\",\"method\":\"POST\",\"url\":\"" + CHAT + "\",\"body\":[]}")
            .errorCode());
    assertEquals(
        "missing_model",
        check("{\"custom_id\":\"a\",\"method\":\"POST\",\"url\":\"" + CHAT + "\",\"body\":{}}")
            .errorCode());
    InputLine unknown =
        check(
            "{\"custom_id\":\"a\",\"method\":\"POST\",\"url\":\""
                + CHAT
                + "\",\"body\":{\"model\":\"x\"}}");
    assertEquals("model_not_found", unknown.errorCode());
    assertEquals("a", unknown.customId(), "the error line keeps the custom_id when there is one");
  }

  @Test
  void theErrorLineIsOpenAisBatchOutputFormat() {
    JsonObject line =
        Json.createReader(new StringReader(check("nope").errorLine("batch_req_1"))).readObject();
    assertEquals("batch_req_1", line.getString("id"));
    assertTrue(line.isNull("custom_id"));
    assertTrue(line.isNull("response"));
    assertEquals("invalid_json", line.getJsonObject("error").getString("code"));
  }

  @Test
  void aLineThatIsNotJsonKeepsTheCustomIdItHadBeforeItBroke() {
    InputLine cut = check("{\"custom_id\":\"broken\",\"method\":\"POST\"");
    assertEquals("invalid_json", cut.errorCode());
    assertEquals("broken", cut.customId());
    assertTrue(
        cut.errorMessage().startsWith("The line is not a JSON object: "), cut.errorMessage());
    assertEquals("r2", check("{\"body\":{\"a\":[1,{}]},\"custom_id\":\"r2\",\"url\":").customId());
    assertNull(check("{\"method\":\"POST\",\"custom_id\":\"cut-sh").customId());
    assertNull(check("{\"custom_id\":7,").customId());
    assertNull(check("nope").customId());
    assertNull(check("[\"custom_id\",\"x\"").customId());
  }

  @Test
  void everyErrorLineNamesItsInputLine() {
    JsonObject refused =
        Json.createReader(
                new StringReader(ErrorLines.numbered(check("nope").errorLine("batch_req_1"), 13)))
            .readObject();
    assertEquals(13, refused.getJsonObject("error").getInt("line"));
    assertEquals("invalid_json", refused.getJsonObject("error").getString("code"));
    String engineFailure =
        "{\"id\":\"b1\",\"custom_id\":\"r\",\"response\":{\"status_code\":400,"
            + "\"body\":{\"error\":{\"message\":\"m\",\"code\":null}}},\"error\":null}";
    JsonObject answered =
        Json.createReader(new StringReader(ErrorLines.numbered(engineFailure, 7))).readObject();
    assertEquals(
        7,
        answered
            .getJsonObject("response")
            .getJsonObject("body")
            .getJsonObject("error")
            .getInt("line"));
    assertTrue(answered.isNull("error"), "the model server's answer keeps OpenAI's shape");
    assertEquals("not json", ErrorLines.numbered("not json", 3));
  }

  @Test
  void seenIdsFindsDuplicatesAmongManyIds() {
    SeenIds seen = new SeenIds();
    assertTrue(IntStream.range(0, 200_000).allMatch(i -> seen.add("req-" + i)));
    assertFalse(seen.add("req-12345"));
    assertFalse(seen.add("req-0"));
    assertTrue(seen.add("req-200000"));
  }
}
