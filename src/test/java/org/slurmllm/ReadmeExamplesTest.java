package org.slurmllm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.slurmllm.ReadmeExamplesIT.Example;

/** How {@link ReadmeExamplesIT} finds the README's examples and the ones marked as skipped. */
class ReadmeExamplesTest {

  @Test
  void curlBlocksOfTheChosenSectionsInOrderWithTheirSkipMarks() {
    List<String> readme =
        List.of(
            "## Quick start",
            "```sh",
            "bin/slurm-llm up",
            "```",
            "```sh",
            "curl -H \"$AUTH\" http://127.0.0.1:8080/v1/models",
            "```",
            "## Metrics",
            "```sh",
            "curl http://127.0.0.1:9990/metrics",
            "```",
            "## Models",
            "<!-- example: skip, needs GPUs -->",
            "```sh",
            "curl -H \"$AUTH\" http://127.0.0.1:8080/v1/chat/completions",
            "```",
            "",
            "```bash",
            "curl -H \"$AUTH\" http://127.0.0.1:8080/api/models",
            "```");

    List<Example> examples = ReadmeExamplesIT.examples(readme);

    assertEquals(3, examples.size(), "blocks without curl and other sections are left out");
    assertEquals("Quick start", examples.get(0).section());
    assertEquals(5, examples.get(0).line());
    assertNull(examples.get(0).skipped());
    assertEquals("needs GPUs", examples.get(1).skipped());
    assertNull(examples.get(2).skipped(), "a mark skips the one block after it");
  }
}
