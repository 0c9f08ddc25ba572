package org.slurmllm.bulk.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class ChunkWorstCaseTest {

  static final String LINE =
      "{\"custom_id\":\"a\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":"
          + "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
          + "\"max_tokens\":10,\"n\":2}}";

  @Test
  void eachLineItsBytesAndItsChoicesMaxTokens() throws Exception {
    long one = LINE.length() + ChunkWorstCase.TEMPLATE_TOKENS + 2 * 10;
    assertEquals(one, ChunkWorstCase.ofLine(LINE, false, 4096));
    String two = LINE + "\n\n" + LINE + "\n";
    assertEquals(
        2 * one, ChunkWorstCase.of(new BufferedReader(new StringReader(two)), false, 4096));
  }

  @Test
  void withoutMaxTokensTheContextAndEmbeddingsTheirBytes() {
    String line = LINE.replace(",\"max_tokens\":10,\"n\":2", "");
    assertEquals(64 + 64, ChunkWorstCase.ofLine(line, false, 64));
    assertEquals(line.length() + 16, ChunkWorstCase.ofLine(line, true, 64));
  }
}
