package org.slurmllm.worker;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The tiny real model for llama.cpp tests: TinyStories, carried by the project in slurm/models,
 * beside this module's folder (the tests run from slurm/worker).
 */
final class TinyModel {

  static final Path FILE = Path.of("..", "models", "stories260K.gguf");

  private TinyModel() {}

  /** Absolute path of the GGUF file. */
  static String weights() {
    if (!Files.isRegularFile(FILE)) {
      throw new IllegalStateException(
          FILE.toAbsolutePath() + " is missing: the tests run from slurm/worker");
    }
    return FILE.toAbsolutePath().normalize().toString();
  }
}
