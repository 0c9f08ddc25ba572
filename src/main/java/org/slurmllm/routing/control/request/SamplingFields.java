package org.slurmllm.routing.control.request;

import static org.slurmllm.routing.control.request.InferenceRequestReader.skip;

import jakarta.json.stream.JsonParser;
import java.math.BigDecimal;
import org.slurmllm.rest.FieldProblems;

/**
 * The bounds of a generation request's settings ({@code max_tokens}, {@code temperature}, {@code
 * top_p}, the penalties, {@code n}), OpenAI's. Checked in the gateway rather than left to the model
 * server so that a bad setting is named beside the request's other bad fields in one 400, and every
 * engine is held to the same bounds. Kept apart from the reading of a body, like {@link
 * EmbeddingFields}.
 */
final class SamplingFields {

  /** A max_tokens beyond a long is held as the largest one: it exceeds every context either way. */
  private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

  private SamplingFields() {}

  /** {@code max_tokens} or {@code max_completion_tokens}: the value, 0 when absent or bad. */
  static long maxTokens(
      String key, JsonParser.Event value, JsonParser parser, FieldProblems problems) {
    if (value == JsonParser.Event.VALUE_NULL) {
      return 0;
    }
    if (!wholeAndPositive(value, parser)) {
      skip(value, parser);
      problems.add(key, key + ": must be a whole number of at least 1");
      return 0;
    }
    return parser.getBigDecimal().min(LONG_MAX).longValue();
  }

  /** {@code n}: the number of choices asked for, 1 when absent, null or bad. */
  static long choices(JsonParser.Event value, JsonParser parser, FieldProblems problems) {
    if (value == JsonParser.Event.VALUE_NULL) {
      return 1;
    }
    if (!wholeAndPositive(value, parser)) {
      skip(value, parser);
      problems.add("n", "n: must be a whole number of at least 1");
      return 1;
    }
    return parser.getBigDecimal().min(LONG_MAX).longValue();
  }

  /** One of the other settings; null is its default. */
  static void setting(
      String key, JsonParser.Event value, JsonParser parser, FieldProblems problems) {
    if (value == JsonParser.Event.VALUE_NULL) {
      return;
    }
    switch (key) {
      case "temperature" -> between(key, value, parser, problems, 0, 2);
      case "top_p" -> between(key, value, parser, problems, 0, 1);
      case "presence_penalty", "frequency_penalty" -> between(key, value, parser, problems, -2, 2);
      default -> skip(value, parser);
    }
  }

  private static void between(
      String key,
      JsonParser.Event value,
      JsonParser parser,
      FieldProblems problems,
      int low,
      int high) {
    if (value != JsonParser.Event.VALUE_NUMBER
        || parser.getBigDecimal().compareTo(BigDecimal.valueOf(low)) < 0
        || parser.getBigDecimal().compareTo(BigDecimal.valueOf(high)) > 0) {
      skip(value, parser);
      problems.add(key, key + ": must be between " + low + " and " + high);
    }
  }

  private static boolean wholeAndPositive(JsonParser.Event value, JsonParser parser) {
    return value == JsonParser.Event.VALUE_NUMBER
        && parser.isIntegralNumber()
        && parser.getBigDecimal().signum() > 0;
  }
}
