package org.slurmllm.catalog.control;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Refuses a model whose weights are certainly missing, before any replica waits for them. The
 * gateway often cannot see the compute nodes' filesystems (weights under {@code /models} on GPU
 * nodes only, or a Hugging Face id that vLLM downloads): only a path whose folder the gateway sees
 * is checked, so a missing file there is a typo or a moved checkout, not a different machine.
 */
public final class WeightsOnDisk {

  private WeightsOnDisk() {}

  /** The client's error, or null when the weights are there or cannot be checked from here. */
  public static String missing(String weights) {
    if (weights == null || !weights.startsWith("/")) {
      return null;
    }
    Path path;
    try {
      path = Path.of(weights);
    } catch (InvalidPathException e) {
      return null; // the definition's own validation names bad characters
    }
    Path folder = path.getParent();
    if (folder == null || !Files.isDirectory(folder) || Files.exists(path)) {
      return null;
    }
    return "weights: nothing at " + weights + " (its folder is there, the file is not)";
  }
}
