package org.slurmllm.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real all-MiniLM-L6-v2 on ONNX Runtime, from the jar (no file to fetch). */
class OnnxEmbedderTest {

  static OnnxEmbedder minilm;

  @BeforeAll
  static void load() {
    minilm = new OnnxEmbedder(OnnxEmbedder.MINILM);
  }

  @AfterAll
  static void close() {
    minilm.close();
  }

  @Test
  void similarSentencesAreCloserThanUnrelatedOnes() {
    Embedder.Embedded e =
        minilm.embed(
            List.of(
                "The cat sits on the mat.",
                "A kitten is resting on a rug.",
                "Quarterly revenue grew by five percent."));
    assertEquals(3, e.vectors().size());
    assertEquals(384, e.vectors().get(0).length);
    double near = EmbeddingProtocolTest.dot(e.vectors().get(0), e.vectors().get(1));
    double far = EmbeddingProtocolTest.dot(e.vectors().get(0), e.vectors().get(2));
    assertTrue(near > far + 0.2, "near " + near + ", far " + far);
    assertTrue(e.promptTokens() > 15);
  }

  @Test
  void tokensAreCountedAndDecodedByTheModelsOwnTokenizer() {
    assertEquals(5, minilm.countTokens("hello world!")); // [CLS] hello world ! [SEP]
    assertEquals("hello world", minilm.decode(List.of(7592, 2088)));
    assertTrue(minilm.countTokens("word ".repeat(600)) > minilm.maxInputTokens());
  }

  @Test
  void onlyItsOwnWeightsAreServed() {
    assertThrows(IllegalStateException.class, () -> new OnnxEmbedder("/models/other.onnx"));
  }
}
