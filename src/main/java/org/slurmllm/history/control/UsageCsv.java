package org.slurmllm.history.control;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Usage records as CSV lines (RFC 4180 quoting). A text cell that a spreadsheet would take for a
 * formula (=, +, -, @ first) gets a leading apostrophe: a model name or reference chosen by a
 * client must not run in an auditor's spreadsheet.
 */
public final class UsageCsv {

  public static final List<String> COLUMNS =
      List.of(
          "id",
          "at",
          "keyId",
          "tenant",
          "kind",
          "model",
          "replicaId",
          "slurmJobId",
          "reference",
          "promptTokens",
          "completionTokens",
          "latencyMs",
          "timeToFirstTokenMs",
          "status",
          "requestId",
          "promptChars",
          "completionChars");

  private UsageCsv() {}

  public static String header() {
    return String.join(",", COLUMNS) + "\r\n";
  }

  public static String line(Map<String, Object> record) {
    return COLUMNS.stream().map(c -> cell(record.get(c))).collect(Collectors.joining(",")) + "\r\n";
  }

  static String cell(Object value) {
    if (value == null) {
      return "";
    }
    if (value instanceof Number) {
      return value.toString();
    }
    String text = value.toString();
    if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
      text = "'" + text;
    }
    boolean quote =
        text.indexOf(',') >= 0
            || text.indexOf('"') >= 0
            || text.indexOf('\n') >= 0
            || text.indexOf('\r') >= 0;
    return quote ? '"' + text.replace("\"", "\"\"") + '"' : text;
  }
}
