package org.slurmllm.history.control;

import java.time.DateTimeException;
import java.time.Instant;
import org.slurmllm.rest.ApiException;

/** A from/to filter of the read APIs: ISO-8601 instants or Unix seconds, either end open. */
public record TimeRange(Instant from, Instant to) {

  public static TimeRange parse(String from, String to) {
    TimeRange r = new TimeRange(instant("from", from), instant("to", to));
    if (r.from != null && r.to != null && r.to.isBefore(r.from)) {
      throw ApiException.invalid("to", "to: must not be before from");
    }
    return r;
  }

  static Instant instant(String param, String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return text.chars().allMatch(Character::isDigit)
          ? Instant.ofEpochSecond(Long.parseLong(text))
          : Instant.parse(text);
    } catch (DateTimeException | NumberFormatException e) {
      throw ApiException.invalid(
          param, param + ": an ISO-8601 instant (2026-11-23T00:00:00Z) or Unix seconds");
    }
  }
}
