package org.slurmllm.bulk.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BoundedLinesTest {

  static List<BoundedLines.Line> read(byte[] bytes, int max) throws Exception {
    List<BoundedLines.Line> lines = new ArrayList<>();
    try (BoundedLines in = new BoundedLines(new ByteArrayInputStream(bytes), max)) {
      BoundedLines.Line line;
      while ((line = in.next()) != null) {
        lines.add(line);
      }
    }
    return lines;
  }

  @Test
  void aLineOverTheBoundIsReportedAndTheNextOnesStillRead() throws Exception {
    String text = "short\r\n" + "x".repeat(100) + "\nafter\n\nlast";
    List<BoundedLines.Line> lines = read(text.getBytes(StandardCharsets.UTF_8), 10);
    assertEquals(
        List.of(
            new BoundedLines.Line("short", false, null),
            new BoundedLines.Line(null, true, "x".repeat(10)),
            new BoundedLines.Line("after", false, null),
            new BoundedLines.Line("", false, null),
            new BoundedLines.Line("last", false, null)),
        lines);
  }

  @Test
  void aLineTooLongKeepsOnlyItsBeginning() throws Exception {
    String text = "{\"custom_id\":\"big\",\"pad\":\"" + "p".repeat(100_000) + "\"}\nnext";
    List<BoundedLines.Line> lines = read(text.getBytes(StandardCharsets.UTF_8), 50_000);
    assertEquals(BoundedLines.HEAD_BYTES, lines.get(0).head().length());
    assertEquals("big", InputLine.customIdOfBroken(lines.get(0).head()));
    assertEquals("next", lines.get(1).text());
  }

  @Test
  void bytesThatAreNotUtf8SpoilOnlyTheirLine() throws Exception {
    byte[] bytes = {'a', (byte) 0xff, 'b', '\n', 'c'};
    List<BoundedLines.Line> lines = read(bytes, 100);
    assertEquals("a\ufffdb", lines.get(0).text());
    assertEquals("c", lines.get(1).text());
  }

  @Test
  void anEmptyFileHasNoLines() throws Exception {
    assertEquals(List.of(), read(new byte[0], 10));
    assertNull(new BoundedLines(new ByteArrayInputStream(new byte[0]), 1).next());
  }
}
