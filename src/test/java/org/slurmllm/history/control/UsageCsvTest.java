package org.slurmllm.history.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class UsageCsvTest {

  @Test
  void theHeaderHasOneNamePerColumn() {
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
