package org.slurmllm.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;


/** The model tests write for themselves where ../shared/models is absent: llama.cpp runs it. */
class TinyGgufTest {

  @Test
  void llamaCppLoadsTheWrittenModelAndGeneratesItsWords(@TempDir Path dir) {
    Path file = TinyGguf.write(dir.resolve("tiny.gguf"));
    try (LlamaCppEngine engine = new LlamaCppEngine(file.toString(), 1, 256)) {
      Engine.Result r =
          engine.generate(
              new GenerationRequest("once upon a time", null, 16, 0, 1, List.of(), 1), t -> {});
      assertEquals(16, r.completionTokens(), "greedy decoding never picks the end of text");
      assertTrue(r.text().strip().length() >= 10, r.text());
      assertTrue(r.promptTokens() >= 4, "tokenized by the character vocabulary");
      assertEquals("length", r.finishReason());
    }
  }
}
