package org.slurmllm.routing.control.request;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class InferenceRequestTest {

  static InferenceRequest chat(String extra) {
    String body =
        "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]" + extra + "}";
    return InferenceRequest.parse(body.getBytes(StandardCharsets.UTF_8), true);
  }

  @Test
  void serviceTierIsOneOfOpenAisTiersOrAbsent() {
    assertEquals("flex", chat(",\"service_tier\":\"flex\"").serviceTier());
    assertEquals("auto", chat(",\"service_tier\":\"auto\"").serviceTier());
    assertEquals(null, chat(",\"service_tier\":null").serviceTier());
    assertEquals(null, chat("").serviceTier());
    for (String bad : new String[] {"\"scale\"", "\"FLEX\"", "1", "[]"}) {
      InferenceRequest.Invalid e =
          assertThrows(InferenceRequest.Invalid.class, () -> chat(",\"service_tier\":" + bad));
      assertEquals("service_tier", e.param(), bad);
      assertTrue(e.getMessage().contains("one of auto, default, flex, priority"), e.getMessage());
    }
  }

  @Test
  void maxTokensBeyondTheContextIsCaughtHere() {
    assertTrue(chat(",\"max_tokens\":1000000000").asksMoreThan(512));
    assertTrue(chat(",\"max_completion_tokens\":99999999999999999999999").asksMoreThan(512));
    assertFalse(chat(",\"max_tokens\":512").asksMoreThan(512));
    assertFalse(chat("").asksMoreThan(512), "absent: the model server's default");
  }

  @Test
  void theWorstCaseIsThePromptsBytesAndEveryChoicesMaxTokens() {
    String body =
        "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
            + "\"max_tokens\":50,\"n\":3}";
    InferenceRequest r = parse(body, true);
    assertEquals(3, r.n());
    int bytes = body.length();
    assertEquals(
        bytes + InferenceRequest.TEMPLATE_TOKENS + 3 * 50,
        r.worstCase(InferenceRequest.Kind.CHAT, bytes, 4096));
    assertEquals(
        bytes + InferenceRequest.TEMPLATE_TOKENS + 4096,
        chat("").worstCase(InferenceRequest.Kind.CHAT, bytes, 4096),
        "no max_tokens: the context, once");
    assertEquals(
        64 + 3 * 50,
        r.worstCase(InferenceRequest.Kind.CHAT, 1_000_000, 64),
        "a prompt fills at most the context");
    assertEquals(1, chat("").n());
    assertEquals("n", param(body.replace("\"n\":3", "\"n\":0"), true));
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

  static InferenceRequest.Invalid invalid(String body, InferenceRequest.Kind kind) {
    return assertThrows(
        InferenceRequest.Invalid.class,
        () -> InferenceRequest.parse(body.getBytes(StandardCharsets.UTF_8), kind),
        body);
  }

  @Test
  void everyBadFieldIsNamedInOneMessageTheFirstAsParam() {
    InferenceRequest.Invalid e =
        invalid(
            "{\"model\":\"tiny-stories\",\"messages\":\"hi\",\"max_tokens\":-3,\"temperature\":9}",
            InferenceRequest.Kind.CHAT);
    assertEquals("messages", e.param());
    assertEquals("invalid_value", e.code());
    assertEquals(
        "Invalid request: messages: must be a non-empty array of messages;"
            + " max_tokens: must be a whole number of at least 1;"
            + " temperature: must be between 0 and 2",
        e.getMessage());
  }

  @Test
  void missingFieldsComeAfterTheBadOnesAndEachBadMessageIsNamed() {
    InferenceRequest.Invalid chat =
        invalid(
            "{\"messages\":[{\"role\":\"user\"},3,{\"content\":\"x\"}],\"stream\":\"yes\","
                + "\"top_p\":1.5,\"n\":0,\"presence_penalty\":-3,\"frequency_penalty\":\"a\"}",
            InferenceRequest.Kind.CHAT);
    assertEquals("messages[1]", chat.param());
    assertEquals(
        "Invalid request: messages[1]: must be an object with a role;"
            + " messages[2]: must be an object with a role; stream: must be true or false;"
            + " top_p: must be between 0 and 1; n: must be a whole number of at least 1;"
            + " presence_penalty: must be between -2 and 2;"
            + " frequency_penalty: must be between -2 and 2; model: a model name is required",
        chat.getMessage());
    InferenceRequest.Invalid completion =
        invalid("{\"model\":7,\"max_completion_tokens\":1.5}", InferenceRequest.Kind.COMPLETION);
    assertEquals(
        "Invalid request: model: a model name is required;"
            + " max_completion_tokens: must be a whole number of at least 1;"
            + " prompt: must be a string or an array of strings",
        completion.getMessage());
    InferenceRequest.Invalid embedding =
        invalid(
            "{\"input\":[\"a\",\"\",[-1]],\"encoding_format\":\"hex\",\"dimensions\":0}",
            InferenceRequest.Kind.EMBEDDING);
    assertEquals("input", embedding.param());
    assertEquals(
        "Invalid request: input[1]: must not be empty;"
            + " input[2]: token ids must be whole numbers >= 0;"
            + " encoding_format: must be float or base64;"
            + " dimensions: must be a whole number of at least 1; model: a model name is required",
        embedding.getMessage());
  }

  @Test
  void settingsWithinOpenAisBoundsPassAndEmbeddingsIgnoreThem() {
    chat(
        ",\"temperature\":2,\"top_p\":0,\"n\":1,\"presence_penalty\":-2,"
            + "\"frequency_penalty\":1.5,\"temperature\":null");
    embedding("{\"model\":\"e\",\"input\":\"x\",\"temperature\":9,\"n\":0}");
  }

  @Test
  void aBodyThatIsNotJsonSaysSoWithTheParsersWordsAndNoField() {
    InferenceRequest.Invalid cut = invalid("{\"model\":", InferenceRequest.Kind.CHAT);
    assertEquals("invalid_json", cut.code());
    assertEquals(null, cut.param());
    assertTrue(cut.getMessage().startsWith("Request body is malformed JSON: "), cut.getMessage());
    assertTrue(cut.getMessage().contains("(line no=1, column no="), cut.getMessage());
    assertFalse(cut.getMessage().toLowerCase().contains("internal"), cut.getMessage());
    assertEquals("invalid_json", invalid("[1]", InferenceRequest.Kind.EMBEDDING).code());
    assertEquals(
        "invalid_json",
        invalid("{\"model\":\"m\",\"prompt\":\"x\"} {}", InferenceRequest.Kind.COMPLETION).code());
  }

  @Test
  void aThousandBadMessagesAreCountedNotAllListed() {
    String body = "{\"model\":\"m\",\"messages\":[" + "1,".repeat(999) + "1]}";
    String message = invalid(body, InferenceRequest.Kind.CHAT).getMessage();
    assertTrue(
        message.endsWith("messages[19]: must be an object with a role; and 980 more"), message);
  }

  @Test
  void twoMillionBadMessagesCostOnePassNotTheSquareOfIt() {
    String body = "{\"model\":\"m\",\"messages\":[" + "1,".repeat(1_999_999) + "1]}";
    String message =
        assertTimeoutPreemptively(
            Duration.ofSeconds(20), () -> invalid(body, InferenceRequest.Kind.CHAT).getMessage());
    assertTrue(message.endsWith("; and 1999980 more"), message);
  }
}
