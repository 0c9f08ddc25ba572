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

  static InferenceRequest parse(String body, boolean chat) {
    return InferenceRequest.parse(body.getBytes(StandardCharsets.UTF_8), chat);
  }

  static String param(String body, boolean chat) {
    return assertThrows(InferenceRequest.Invalid.class, () -> parse(body, chat), body).param();
  }

  @Test
  void readsWhatRoutingNeedsAndSkipsTheRest() {
    InferenceRequest r =
        parse(
            "{\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}],\"model\":\"m\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hello\"},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"abc\"}]}],"
                + "\"stream\":true,\"stream_options\":{\"include_usage\":true},\"max_completion_tokens\":9}",
            true);
    assertEquals("m", r.model());
    assertTrue(r.stream());
    assertTrue(r.usageRequested());
    assertEquals(9, r.maxTokens());
    assertEquals(5 + 4 + 3, r.promptChars(), "the texts of the content, and of its parts' words");
    InferenceRequest completion = parse("{\"model\":\"m\",\"prompt\":[\"ab\",\"cd\"]}", false);
    assertEquals(4, completion.promptChars());
    assertFalse(completion.stream());
  }

  @Test
  void badBodiesNameTheirField() {
    assertEquals(null, param("not json", true));
    assertEquals(null, param("[1,2]", true));
    assertEquals(null, param("{\"model\":\"m\"", true));
    assertEquals(null, param("{\"model\":\"m\",\"messages\":[{\"role\":\"u\"}]} trailing", true));
    assertEquals("model", param("{\"messages\":[{\"role\":\"u\"}]}", true));
    assertEquals("model", param("{\"model\":7,\"messages\":[{\"role\":\"u\"}]}", true));
    assertEquals("messages", param("{\"model\":\"m\",\"messages\":[]}", true));
    assertEquals("messages", param("{\"model\":\"m\",\"messages\":\"hi\"}", true));
    assertEquals("messages[1]", param("{\"model\":\"m\",\"messages\":[{\"role\":\"u\"},3]}", true));
    assertEquals(
        "messages[0]", param("{\"model\":\"m\",\"messages\":[{\"content\":\"x\"}]}", true));
    assertEquals(
        "stream",
        param("{\"model\":\"m\",\"messages\":[{\"role\":\"u\"}],\"stream\":\"yes\"}", true));
    assertEquals("prompt", param("{\"model\":\"m\",\"prompt\":[]}", false));
    assertEquals("prompt", param("{\"model\":\"m\"}", false));
  }

  @Test
  void usageIsAskedForWithoutRebuildingTheUsualBody() {
    String body =
        "  {\"model\":\"m\",\"messages\":[{\"role\":\"u\",\"content\":\"x\"}],\"stream\":true}";
    String sent =
        new String(
            InferenceRequest.withUsageReported(body.getBytes(StandardCharsets.UTF_8)),
            StandardCharsets.UTF_8);
    assertEquals(
        "  {\"stream_options\":{\"include_usage\":true},\"model\":\"m\",\"messages\":[{\"role\":\"u\","
            + "\"content\":\"x\"}],\"stream\":true}",
        sent);
    assertTrue(parse(sent, true).usageRequested());
    // the client's own options are kept, include_usage added to them
    String own =
        new String(
            InferenceRequest.withUsageReported(
                ("{\"model\":\"m\",\"messages\":[{\"role\":\"u\"}],\"stream_options\":{\"x\":1}}")
                    .getBytes(StandardCharsets.UTF_8)),
            StandardCharsets.UTF_8);
    assertTrue(own.contains("\"x\":1") && parse(own, true).usageRequested(), own);
  }

  static InferenceRequest embedding(String body) {
    return InferenceRequest.parse(
        body.getBytes(StandardCharsets.UTF_8), InferenceRequest.Kind.EMBEDDING);
  }

  static String embeddingParam(String body) {
    return assertThrows(InferenceRequest.Invalid.class, () -> embedding(body), body).param();
  }

  @Test
  void embeddingInputsAreStringsOrTokenArraysAndNeverStream() {
    assertEquals(5, embedding("{\"model\":\"e\",\"input\":\"hello\"}").promptChars());
    assertEquals(4, embedding("{\"model\":\"e\",\"input\":[\"ab\",\"cd\"]}").promptChars());
    assertEquals(12, embedding("{\"model\":\"e\",\"input\":[1,2,3]}").promptChars());
    assertEquals(12, embedding("{\"model\":\"e\",\"input\":[[1,2],[3]]}").promptChars());
    InferenceRequest streamed =
        embedding(
            "{\"model\":\"e\",\"input\":\"x\",\"stream\":true,\"encoding_format\":\"base64\"}");
    assertFalse(streamed.stream(), "an embeddings answer is one JSON object");
    assertEquals("e", embedding("{\"model\":\"e\",\"input\":\"x\",\"dimensions\":256}").model());
    StringBuilder many = new StringBuilder("[");
    for (int i = 0; i < 3000; i++) {
      many.append(i == 0 ? "" : ",").append(i);
    }
    assertEquals(12000, embedding("{\"model\":\"e\",\"input\":" + many + "]}").promptChars());
  }

  @Test
  void badEmbeddingBodiesNameTheirField() {
    assertEquals("input", embeddingParam("{\"model\":\"e\"}"));
    assertEquals("input", embeddingParam("{\"model\":\"e\",\"input\":\"\"}"));
    assertEquals("input", embeddingParam("{\"model\":\"e\",\"input\":[]}"));
    assertEquals("input", embeddingParam("{\"model\":\"e\",\"input\":7}"));
    assertEquals("input", embeddingParam("{\"model\":\"e\",\"input\":[\"a\",\"\"]}"));
    assertEquals("input", embeddingParam("{\"model\":\"e\",\"input\":[[]]}"));
    assertEquals("input", embeddingParam("{\"model\":\"e\",\"input\":[1.5]}"));
    assertEquals("input", embeddingParam("{\"model\":\"e\",\"input\":[{\"a\":1}]}"));
    assertEquals("model", embeddingParam("{\"input\":\"x\"}"));
    assertEquals(
        "encoding_format",
        embeddingParam("{\"model\":\"e\",\"input\":\"x\",\"encoding_format\":\"hex\"}"));
    assertEquals(
        "dimensions", embeddingParam("{\"model\":\"e\",\"input\":\"x\",\"dimensions\":-1}"));
    StringBuilder many = new StringBuilder("[");
    for (int i = 0; i < 2049; i++) {
      many.append(i == 0 ? "" : ",").append("\"x\"");
    }
    assertEquals("input", embeddingParam("{\"model\":\"e\",\"input\":" + many + "]}"));
  }
}
