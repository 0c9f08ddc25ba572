package org.slurmllm.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real TinyStories model (stories260K, GGUF) in llama.cpp's embedding mode, on the CPU. */
class LlamaCppEmbedderTest {

  static LlamaCppEmbedder embedder;

  @BeforeAll
  static void load() {
    embedder = new LlamaCppEmbedder(TinyModel.weights(), 1, 256);
  }

  @AfterAll
  static void close() {
    embedder.close();
  }

  @Test
  void embedsEachInputIntoAUnitVectorOfTheModelsWidth() {
    Embedder.Embedded e =
        embedder.embed(List.of("Once upon a time", "The cat sat", "Once upon a time"));
    assertEquals(3, e.vectors().size());
    assertEquals(embedder.dimensions(), e.vectors().get(0).length);
    assertTrue(embedder.dimensions() > 8, "width " + embedder.dimensions());
    assertEquals(1.0, EmbeddingProtocolTest.dot(e.vectors().get(0), e.vectors().get(0)), 1e-4);
    assertEquals(
        1.0,
        EmbeddingProtocolTest.dot(e.vectors().get(0), e.vectors().get(2)),
        1e-4,
        "the same text, the same vector");
    assertNotEquals(1.0, EmbeddingProtocolTest.dot(e.vectors().get(0), e.vectors().get(1)), 1e-3);
    assertEquals(
        embedder.countTokens("Once upon a time") * 2 + embedder.countTokens("The cat sat"),
        e.promptTokens());
  }
}
