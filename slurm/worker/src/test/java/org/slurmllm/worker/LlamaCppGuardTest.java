package org.slurmllm.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model whose vocabulary lacks byte tokens: before the worker checked its input, a chat request
 * (its transcript has a newline the vocabulary cannot spell) ended this test JVM with llama.cpp's
 * uncaught std::out_of_range. Now it is refused and the same engine goes on answering.
 */
class LlamaCppGuardTest {

  @Test
  void inputTheVocabularyCannotSpellIsRefusedAndTheEngineLivesOn(@TempDir Path dir) {
    Path file = TinyGguf.write(dir.resolve("tiny.gguf"));
    try (LlamaCppEngine engine = new LlamaCppEngine(file.toString(), 1, 256)) {
      GenerationRequest chat =
          new GenerationRequest(
              null,
              List.of(new GenerationRequest.Message("user", "once upon a time")),
              8,
              0,
              1,
              List.of(),
              1);
      Engine.InvalidInput refused =
          assertThrows(Engine.InvalidInput.class, () -> engine.generate(chat, t -> {}));
      assertEquals("unsupported_characters", refused.code);
      assertThrows(
          Engine.InvalidInput.class,
          () -> engine.fitted(new GenerationRequest("\u4e2d", null, 8, 0, 1, List.of(), 1)));

      Engine.Result r =
          engine.generate(
              new GenerationRequest("once upon a time", null, 16, 0, 1, List.of(), 1), t -> {});
      assertEquals(16, r.completionTokens(), "greedy decoding never picks the end of text");
      assertEquals("length", r.finishReason());
    }
  }
}
