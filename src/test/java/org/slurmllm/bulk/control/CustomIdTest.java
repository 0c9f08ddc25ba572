package org.slurmllm.bulk.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class CustomIdTest {

  @Test
  void aBatchLinesCustomIdBecomesItsRecordsRequestId() {
    assertEquals(
        "line-7",
        RunChunk.customId(
            "{\"id\":\"batch_req_1\",\"custom_id\":\"line-7\",\"response\":{\"status_code\":200}}"));
    assertEquals("x".repeat(64), RunChunk.customId("{\"custom_id\":\"" + "x".repeat(80) + "\"}"));
    assertNull(RunChunk.customId("{\"id\":\"no custom id\"}"));
    assertNull(RunChunk.customId("not json"));
  }
}
