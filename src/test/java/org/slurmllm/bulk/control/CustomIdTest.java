package org.slurmllm.bulk.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class CustomIdTest {

  @Test
  void aBatchLinesCustomIdBecomesItsRecordsRequestId() {
    assertEquals(
        "line-7",
        OutputLines.customId(
            "{\"id\":\"batch_req_1\",\"custom_id\":\"line-7\",\"response\":{\"status_code\":200}}"));
    assertEquals(
        "x".repeat(64), OutputLines.customId("{\"custom_id\":\"" + "x".repeat(80) + "\"}"));
    assertNull(OutputLines.customId("{\"id\":\"no custom id\"}"));
    assertNull(OutputLines.customId("not json"));
  }
}
