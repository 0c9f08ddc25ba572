package org.slurmllm.rest;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonBodyErrorsTest {

  static ApiException refused(String body) {
    return assertThrows(ApiException.class, () -> JsonBodyErrors.checkSyntax(body.getBytes(UTF_8)));
  }

  @Test
  void aBodyThatEndsInsideAFieldTheTargetDoesNotKnowIsA400NotASpinningThread() {
    for (String body :
        List.of(
            "{\"zzz\":[",
            "{\"a\":{\"b\":1",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}",
            "{\"name\":\"x\",\"zzz\":[1,")) {
      ApiException e = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> refused(body), body);
      assertEquals(400, e.status().getStatusCode());
      assertEquals("invalid_json", e.body().error().code(), body);
      assertTrue(e.getMessage().startsWith("Request body is malformed JSON"), e.getMessage());
    }
  }

  @Test
  void wholeBodiesPassAndEmptyOnesAreRequired() {
    assertDoesNotThrow(() -> JsonBodyErrors.checkSyntax("{\"zzz\":[1,{\"a\":2}]}".getBytes(UTF_8)));
    assertDoesNotThrow(() -> JsonBodyErrors.checkSyntax(" [1, 2] ".getBytes(UTF_8)));
    assertEquals("A JSON request body is required.", refused("  ").getMessage());
  }
}
