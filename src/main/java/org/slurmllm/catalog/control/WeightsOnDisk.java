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

  /** A Hugging Face repository id ({@code owner/name}), which vLLM downloads itself. */
  private static final java.util.regex.Pattern REPOSITORY_ID =
      java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*/[A-Za-z0-9][A-Za-z0-9_.-]*");

  /**
   * The client's error when the weights are not where a job could find them: a job runs on some
   * node in some directory, so a relative path means nothing there. vLLM also takes a repository
   * id. Null when the weights are absolute (or a repository id for vLLM), or not the engine's to
   * look for (sim has none; onnx names its built-in model).
   */
  public static String notAbsolute(String engine, String weights) {
    if (weights == null
        || weights.startsWith("/")
        || !("llamacpp".equals(engine) || "vllm".equals(engine))) {
      return null;
    }
    boolean vllm = "vllm".equals(engine);
    if (vllm && REPOSITORY_ID.matcher(weights).matches() && !weights.endsWith(".gguf")) {
      return null;
    }
    return "must be an absolute path that every node sees (e.g. /models/model.gguf)"
        + (vllm ? " or a Hugging Face repository id (owner/name)" : "")
        + ", not '"
        + weights
        + "'";
  }

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
    return "nothing at " + weights + " (its folder is there, the file is not)";
  }
}
