package org.slurmllm.history.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class TokenCountsTest {

  @Test
  void readsTheUsageOfAnAnswer() {
    String answer =
        "{\"id\":\"c\",\"choices\":[{\"message\":{\"content\":\"\\\"prompt_tokens\\\" 99\"}}],"
            + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\": 34,\"total_tokens\":46}}";
    assertEquals(new TokenCounts(12, 34), TokenCounts.scan(answer));
  }

  @Test
  void aBatchLineWithItsStatus() {
    String line =
        "{\"custom_id\":\"a\",\"response\":{\"status_code\":200,\"body\":{\"usage\":"
            + "{\"prompt_tokens\":5,\"completion_tokens\":7}}},\"error\":null}";
    assertEquals(new TokenCounts(5, 7), TokenCounts.scan(line));
    assertEquals(200, TokenCounts.field(line, "status_code"));
  }

  @Test
  void noUsageIsNull() {
    assertNull(TokenCounts.scan("{\"choices\":[{\"delta\":{\"content\":\"hi\"}}]}"));
    assertEquals(-1, TokenCounts.field("{}", "status_code"));
  }
}
