package org.slurmllm.routing.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class InferenceRequestTest {

  static InferenceRequest chat(String extra) {
    String body =
        "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]" + extra + "}";
    return InferenceRequest.parse(body.getBytes(StandardCharsets.UTF_8), true);
  }

  @Test
  void maxTokensBeyondTheContextIsCaughtHere() {
    assertTrue(chat(",\"max_tokens\":1000000000").asksMoreThan(512));
    assertTrue(chat(",\"max_completion_tokens\":99999999999999999999999").asksMoreThan(512));
    assertFalse(chat(",\"max_tokens\":512").asksMoreThan(512));
    assertFalse(chat("").asksMoreThan(512), "absent: the model server's default");
  }

  @Test
  void maxTokensMustBeAPositiveWholeNumber() {
    for (String bad : new String[] {"0", "-1", "1.5", "\"10\"", "true"}) {
      InferenceRequest.Invalid e =
          assertThrows(InferenceRequest.Invalid.class, () -> chat(",\"max_tokens\":" + bad), bad);
      assertEquals("max_tokens", e.param());
    }
  }

  @Test
  void aPromptOfMoreThanEightCharactersPerContextTokenCannotFit() {
    String text = "a".repeat(100_000);
    InferenceRequest r =
        InferenceRequest.parse(
            ("{\"model\":\"m\",\"prompt\":\"" + text + "\"}").getBytes(StandardCharsets.UTF_8),
            false);
    assertTrue(r.certainlyExceeds(512));
    assertFalse(chat("").certainlyExceeds(512));
  }
}
