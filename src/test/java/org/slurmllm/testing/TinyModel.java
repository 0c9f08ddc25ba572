package org.slurmllm.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.slurmllm.worker.TinyGguf;

/** The tiny real model for llama.cpp tests: the shared TinyStories model, or one made here. */
public final class TinyModel {

  static final Path SHARED = Path.of("..", "shared", "models", "stories260K.gguf");

  private TinyModel() {}

  /** Whether the real TinyStories model is here (its text can be checked for sense). */
  public static boolean real() {
    return Files.isRegularFile(SHARED);
  }

  /** Absolute path of a GGUF file SLURM jobs on this machine can read. */
  public static String weights() {
    if (Files.isRegularFile(SHARED)) {
      return SHARED.toAbsolutePath().normalize().toString();
    }
    return TinyGguf.write(Path.of("target", "tiny-model", "tiny.gguf"))
        .toAbsolutePath()
        .normalize()
        .toString();
  }
}
