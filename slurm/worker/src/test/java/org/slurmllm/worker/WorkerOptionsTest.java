package org.slurmllm.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A start that cannot work says why in one line, which becomes the replica's failure reason. */
class WorkerOptionsTest {

  @Test
  void missingWeightsAreNamedBeforeLlamaCppIsAsked(@TempDir Path dir) {
    String gone = dir.resolve("moved-away.gguf").toString();
    WorkerOptions options =
        WorkerOptions.parse(
            new String[] {"serve", "--engine", "llamacpp", "--model", "m", "--weights", gone});
    IllegalStateException e = assertThrows(IllegalStateException.class, options::createEngine);
    assertEquals("no weights file at " + gone, e.getMessage());
  }

  @Test
  void theStallIsOffUnlessAsked() {
    WorkerOptions options =
        WorkerOptions.parse(new String[] {"serve", "--engine", "sim", "--model", "m"});
    assertEquals(-1, options.faults().stallAfter());
    WorkerOptions stalling =
        WorkerOptions.parse(
            new String[] {"serve", "--engine", "sim", "--model", "m", "--stall-after", "0"});
    assertEquals(0, stalling.faults().stallAfter());
  }
}
