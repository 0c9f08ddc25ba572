package org.slurmllm.routing.control.admission;

import java.util.OptionalDouble;

/** Reads one metric out of Prometheus' text exposition format. A pure function. */
public final class PrometheusText {

  private PrometheusText() {}

  /**
   * The sum of every sample of the metric (all label sets; a vLLM server that serves several model
   * names reports one series each), or empty if the text has none.
   */
  public static OptionalDouble sum(String text, String metric) {
    double sum = 0;
    boolean found = false;
    for (String line : text.split("\n")) {
      if (!line.startsWith(metric) || line.length() == metric.length()) {
        continue;
      }
      char next = line.charAt(metric.length());
      int valueStart;
      if (next == '{') {
        int close = line.lastIndexOf('}');
        if (close < 0) {
          continue;
        }
        valueStart = close + 1;
      } else if (next == ' ' || next == '\t') {
        valueStart = metric.length();
      } else {
        continue; // another metric whose name starts with this one
      }
      String[] rest = line.substring(valueStart).trim().split("\\s+");
      try {
        sum += Double.parseDouble(rest[0]);
        found = true;
      } catch (NumberFormatException e) {
        // a malformed sample counts as absent
      }
    }
    return found ? OptionalDouble.of(sum) : OptionalDouble.empty();
  }
}
