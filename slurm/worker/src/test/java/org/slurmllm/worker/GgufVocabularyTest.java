package org.slurmllm.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What llama.cpp would abort on, found before it gets there: with a vocabulary that lacks byte
 * tokens (the written tiny model), llama.cpp ends the process on a character it cannot spell.
 */
class GgufVocabularyTest {

  static final List<Integer> NORMAL = List.of(1, 1, 1, 1, 1, 1, 1);

  @Test
  void aVocabularyWithAllByteTokensTakesAnything() {
    GgufVocabulary stories = GgufVocabulary.read(Path.of(TinyModel.weights()));
    for (String text :
        List.of("中文 \u0000 \u0001", "x\ud800y", "<|im_start|>", "\ud83d\ude00", "")) {
      assertNull(stories.untokenizable(text), text);
    }
    assertFalse(stories.chatTemplateUsable(), "no template, no ChatML tokens");
  }

  @Test
  void withoutByteTokensOnlyTheVocabularysCharactersPass(@TempDir Path dir) {
    GgufVocabulary tiny = GgufVocabulary.read(TinyGguf.write(dir.resolve("t.gguf")));
    assertNull(tiny.untokenizable("once upon a time, Lily!"));
    assertEquals("中", tiny.untokenizable("once 中"));
    assertEquals("\n", tiny.untokenizable("user: hi\nassistant:"));
    assertEquals("\u0000", tiny.untokenizable("a\u0000"));
    assertNull(tiny.untokenizable("<s>once</s>"), "special tokens are taken whole");
  }

  @Test
  void aTemplateOrChatMlTokensMakeTheTemplateUsable() {
    List<String> chatMl =
        List.of("<unk>", "<s>", "</s>", "<|im_start|>", "<|im_end|>", "a", "\u2581");
    List<String> plain = List.of("<unk>", "<s>", "</s>", "x", "y", "a", "\u2581");
    assertTrue(new GgufVocabulary("llama", chatMl, NORMAL, false).chatTemplateUsable());
    assertFalse(new GgufVocabulary("llama", plain, NORMAL, false).chatTemplateUsable());
    assertTrue(new GgufVocabulary("llama", plain, NORMAL, true).chatTemplateUsable());
  }

  @Test
  void byteLevelVocabulariesAreNotChecked() {
    assertNull(new GgufVocabulary("gpt2", List.of("a"), List.of(1), false).untokenizable("中"));
  }

  @Test
  void aFileThatIsNotGgufIsAClearError(@TempDir Path dir) throws Exception {
    Path file = java.nio.file.Files.writeString(dir.resolve("x.gguf"), "not a model");
    assertThrows(java.io.UncheckedIOException.class, () -> GgufVocabulary.read(file));
  }
}
