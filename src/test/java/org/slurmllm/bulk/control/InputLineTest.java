package org.slurmllm.bulk.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class InputLineTest {

  static final String CHAT = "/v1/chat/completions";

  static InputLine check(String line) {
    return InputLine.check(line, CHAT, Set.of("m")::contains);
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
  void seenIdsFindsDuplicatesAmongManyIds() {
    SeenIds seen = new SeenIds();
    assertTrue(IntStream.range(0, 200_000).allMatch(i -> seen.add("req-" + i)));
    assertFalse(seen.add("req-12345"));
    assertFalse(seen.add("req-0"));
    assertTrue(seen.add("req-200000"));
  }
}
