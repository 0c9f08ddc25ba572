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
    assertTrue(message.startsWith("weights: nothing at " + dir), message);
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
}
