package org.slurmllm.serving.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobLogTailTest {

  @Test
  void theLastNonBlankLineIsTheReason(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("r.log");
    Files.writeString(
        log,
        "x".repeat(10_000) + "\nloading\nworker: cannot start: no weights file at /m.gguf\n\n");
    assertEquals("worker: cannot start: no weights file at /m.gguf", JobLogTail.lastLine(log));
  }

  @Test
  void longLinesAreCutAndMissingLogsSayNothing(@TempDir Path dir) throws Exception {
    assertEquals(JobLogTail.MAX_CHARS, JobLogTail.lastLine("y".repeat(5000)).length());
    assertNull(JobLogTail.lastLine(dir.resolve("none.log")));
    assertNull(JobLogTail.lastLine(Files.writeString(dir.resolve("empty.log"), "\n \n")));
  }
}
