package org.slurmllm.history.control;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.slurmllm.history.entity.UsageRecordView;

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

  /** The record's line: its fields in {@link #COLUMNS}' order (the texts are never exported). */
  public static String line(UsageRecordView r) {
    return line(
        Arrays.asList(
            r.id(),
            r.at(),
            r.keyId(),
            r.tenant(),
            r.kind(),
            r.model(),
            r.replicaId(),
            r.slurmJobId(),
            r.reference(),
            r.promptTokens(),
            r.completionTokens(),
            r.latencyMs(),
            r.timeToFirstTokenMs(),
            r.status(),
            r.requestId(),
            r.promptChars(),
            r.completionChars()));
  }

  private static String line(List<Object> cells) {
    return cells.stream().map(UsageCsv::cell).collect(Collectors.joining(",")) + "\r\n";
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
