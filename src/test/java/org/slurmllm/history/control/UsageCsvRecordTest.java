package org.slurmllm.history.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.slurmllm.history.entity.UsageRecordView;

/** A ledger record read by the API is the same CSV line as before, its texts never exported. */
class UsageCsvRecordTest {

  @Test
  void aRecordIsOneLineInTheHeadersOrderWithoutItsTexts() {
    UsageRecordView r =
        new UsageRecordView(
            7L,
            "2026-12-01T00:00:00Z",
            3L,
            "acme",
            "chat",
            "=m",
            null,
            "42",
            null,
            3,
            5,
            120,
            30,
            200,
            "req-1",
            11,
            19,
            "a prompt",
            "a completion");
    assertEquals(
        "7,2026-12-01T00:00:00Z,3,acme,chat,'=m,,42,,3,5,120,30,200,req-1,11,19\r\n",
        UsageCsv.line(r));
  }
}
