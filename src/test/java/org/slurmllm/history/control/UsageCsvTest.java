package org.slurmllm.history.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UsageCsvTest {

  @Test
  void aRecordIsOneLineInTheHeadersOrder() {
    Map<String, Object> r = new HashMap<>();
    r.put("id", 7L);
    r.put("at", "2026-12-01T00:00:00Z");
    r.put("kind", "chat");
    r.put("model", "m");
    r.put("promptTokens", 3);
    r.put("status", 200);
    assertEquals("7,2026-12-01T00:00:00Z,,,chat,m,,,,3,,,,200,,,\r\n", UsageCsv.line(r));
    assertEquals(UsageCsv.COLUMNS.size(), UsageCsv.header().split(",").length);
  }

  @Test
  void commasQuotesAndLineBreaksAreQuoted() {
    assertEquals("\"a,b\"", UsageCsv.cell("a,b"));
    assertEquals("\"say \"\"hi\"\"\"", UsageCsv.cell("say \"hi\""));
    assertEquals("\"two\nlines\"", UsageCsv.cell("two\nlines"));
  }

  @Test
  void textThatASpreadsheetWouldRunAsAFormulaIsDisarmed() {
    assertEquals("'=HYPERLINK(1)", UsageCsv.cell("=HYPERLINK(1)"));
    assertEquals("'+1", UsageCsv.cell("+1"));
    assertEquals("'@SUM(A1)", UsageCsv.cell("@SUM(A1)"));
    assertEquals("-5", UsageCsv.cell(-5), "numbers stay numbers");
  }
}
