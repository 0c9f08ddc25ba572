package org.slurmllm.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** The tiny real model for llama.cpp tests: TinyStories, carried by the project in slurm/models. */
public final class TinyModel {

  static final Path FILE = Path.of("slurm", "models", "stories260K.gguf");

  private TinyModel() {}

  /** Absolute path of the GGUF file (SLURM jobs on this machine can read it). */
  public static String weights() {
    if (!Files.isRegularFile(FILE)) {
      throw new IllegalStateException(FILE + " is missing: the tests run from the project's root");
    }
    return FILE.toAbsolutePath().normalize().toString();
  }
}
