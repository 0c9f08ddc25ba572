package org.slurmllm.catalog.control;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeightsOnDiskTest {

  @Test
  void aMissingFileInAFolderTheGatewaySeesIsRefused(@TempDir Path dir) {
    String message = WeightsOnDisk.missing(dir.resolve("gone.gguf").toString());
    assertTrue(message.startsWith("nothing at " + dir), message);
  }

  @Test
  void presentFilesAndFoldersPass(@TempDir Path dir) throws Exception {
    assertNull(WeightsOnDisk.missing(Files.createFile(dir.resolve("m.gguf")).toString()));
    assertNull(WeightsOnDisk.missing(Files.createDirectory(dir.resolve("hf")).toString()));
  }

  @Test
  void whatTheGatewayCannotSeeIsLeftToTheNodes() {
    assertNull(WeightsOnDisk.missing("/no-such-mount-here/Meta-Llama-3.1-8B"), "nodes' filesystem");
    assertNull(WeightsOnDisk.missing("meta-llama/Llama-3.1-8B-Instruct"), "a Hugging Face id");
    assertNull(WeightsOnDisk.missing(null), "sim models have none");
  }

  @Test
  void aRelativePathIsRefusedForItMeansNothingOnANode() {
    String message = WeightsOnDisk.notAbsolute("llamacpp", "slurm/models/stories260K.gguf");
    assertTrue(message.contains("absolute path"), message);
    assertTrue(message.contains("'slurm/models/stories260K.gguf'"), message);
    assertTrue(
        WeightsOnDisk.notAbsolute("vllm", "./models/llama").contains("repository id"),
        "vLLM's message names what else it takes");
    assertTrue(
        WeightsOnDisk.notAbsolute("vllm", "models/llama/weights").contains("absolute"),
        "two slashes: a path, not a repository id");
    assertTrue(WeightsOnDisk.notAbsolute("vllm", "org/model.gguf").contains("absolute"));
  }

  @Test
  void absolutePathsRepositoryIdsAndEnginesWithoutFilesPass() {
    assertNull(WeightsOnDisk.notAbsolute("llamacpp", "/models/stories260K.gguf"));
    assertNull(WeightsOnDisk.notAbsolute("vllm", "meta-llama/Llama-3.1-8B-Instruct"));
    assertNull(WeightsOnDisk.notAbsolute("sim", null));
    assertNull(WeightsOnDisk.notAbsolute("onnx", "all-minilm-l6-v2"));
  }
}
