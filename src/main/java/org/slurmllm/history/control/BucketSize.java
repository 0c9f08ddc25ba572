package org.slurmllm.history.control;

import java.time.Duration;
import org.slurmllm.rest.ApiException;

/** The width of a usage series' time buckets: seconds, or a number with s, m, h or d. */
public final class BucketSize {

  static final Duration SMALLEST = Duration.ofSeconds(10);

  /** A day of minutes: enough for any chart, small enough that nobody asks for a million points. */
  public static final int MOST_BUCKETS = 1440;

  private BucketSize() {}

  public static Duration parse(String text) {
    if (text == null || text.isBlank()) {
      return Duration.ofMinutes(1);
    }
    String t = text.strip();
    char unit = Character.toLowerCase(t.charAt(t.length() - 1));
    String number = Character.isDigit(unit) ? t : t.substring(0, t.length() - 1);
    long n;
    try {
      n = Long.parseLong(number);
    } catch (NumberFormatException e) {
      throw invalid();
    }
    Duration d =
        switch (unit) {
          case 's' -> Duration.ofSeconds(n);
          case 'm' -> Duration.ofMinutes(n);
          case 'h' -> Duration.ofHours(n);
          case 'd' -> Duration.ofDays(n);
          default -> Character.isDigit(unit) ? Duration.ofSeconds(n) : null;
        };
    if (d == null || n <= 0 || d.compareTo(SMALLEST) < 0 || d.compareTo(Duration.ofDays(31)) > 0) {
      throw invalid();
    }
    return d;
  }

  /** Refuses a range that would take more than {@link #MOST_BUCKETS} buckets. */
  public static void check(Duration range, Duration bucket) {
    if (range.toSeconds() / bucket.toSeconds() > MOST_BUCKETS) {
      throw ApiException.invalid(
          "bucket",
          "bucket: "
              + bucket.toSeconds()
              + " s over this range makes more than "
              + MOST_BUCKETS
              + " buckets; choose a wider bucket or a shorter range");
    }
  }

  private static ApiException invalid() {
    return ApiException.invalid(
        "bucket", "bucket: a width from 10s to 31d, e.g. 60, 30s, 5m, 1h or 1d");
  }
}
