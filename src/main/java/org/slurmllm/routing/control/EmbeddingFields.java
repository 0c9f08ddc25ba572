package org.slurmllm.routing.control;

import static org.slurmllm.routing.control.InferenceRequestReader.skip;

import jakarta.json.stream.JsonParser;
import org.slurmllm.routing.control.InferenceRequest.Invalid;

/**
 * The rules of an embeddings request's own fields ({@code input}, {@code encoding_format}, {@code
 * dimensions}), read from the streaming parser as {@link InferenceRequestReader} reaches them. Kept
 * apart because they are OpenAI's embeddings contract, which changes on its own, not the reading of
 * a body.
 */
final class EmbeddingFields {

  static final String INPUT_SHAPE =
      "input: must be a string, an array of strings, a token array or an array of token arrays";

  /** OpenAI's bound on the inputs of one embeddings request. */
  static final int MOST_INPUTS = 2048;

  private EmbeddingFields() {}

  /** {@code encoding_format}: float or base64. */
  static void encodingFormat(JsonParser.Event value, JsonParser parser) {
    if (!(value == JsonParser.Event.VALUE_STRING
        && (parser.getString().equals("float") || parser.getString().equals("base64")))) {
      skip(value, parser);
      throw new Invalid("encoding_format", "encoding_format: must be float or base64");
    }
    skip(value, parser);
  }

  /** {@code dimensions}: null, or a whole number of at least 1. */
  static void dimensions(JsonParser.Event value, JsonParser parser) {
    if (value != JsonParser.Event.VALUE_NULL
        && (value != JsonParser.Event.VALUE_NUMBER
            || !parser.isIntegralNumber()
            || parser.getBigDecimal().signum() <= 0)) {
      skip(value, parser);
      throw new Invalid("dimensions", "dimensions: must be a whole number of at least 1");
    }
    skip(value, parser);
  }

  /**
   * The characters of an embeddings input (a token counts as four): a non-empty string, or a
   * non-empty array of non-empty strings, of token ids, or of non-empty arrays of token ids.
   */
  static int input(JsonParser.Event value, JsonParser parser) {
    if (value == JsonParser.Event.VALUE_STRING) {
      if (parser.getString().isEmpty()) {
        throw new Invalid("input", "input: must not be empty");
      }
      return parser.getString().length();
    }
    if (value != JsonParser.Event.START_ARRAY) {
      skip(value, parser);
      throw new Invalid("input", INPUT_SHAPE);
    }
    int chars = 0;
    int items = 0;
    JsonParser.Event next;
    boolean oneTokenArray = false;
    while ((next = parser.next()) != JsonParser.Event.END_ARRAY) {
      oneTokenArray |= items == 0 && next == JsonParser.Event.VALUE_NUMBER;
      if (items >= MOST_INPUTS && !oneTokenArray) {
        throw new Invalid("input", "input: at most " + MOST_INPUTS + " items");
      }
      switch (next) {
        case VALUE_STRING -> {
          if (parser.getString().isEmpty()) {
            throw new Invalid("input", "input[" + items + "]: must not be empty");
          }
          chars += parser.getString().length();
        }
        case VALUE_NUMBER -> chars += tokenId(parser, 0);
        case START_ARRAY -> {
          int tokens = 0;
          while (parser.next() != JsonParser.Event.END_ARRAY) {
            tokens += tokenId(parser, items) > 0 ? 1 : 0;
          }
          if (tokens == 0) {
            throw new Invalid("input", "input[" + items + "]: must not be empty");
          }
          chars += tokens * 4;
        }
        default -> {
          skip(next, parser);
          throw new Invalid("input", INPUT_SHAPE);
        }
      }
      items++;
    }
    if (items == 0) {
      throw new Invalid("input", "input: must not be empty");
    }
    return chars;
  }

  /** A token id (a whole number of at least 0): four characters' worth. */
  private static int tokenId(JsonParser parser, int index) {
    if (parser.currentEvent() != JsonParser.Event.VALUE_NUMBER
        || !parser.isIntegralNumber()
        || parser.getBigDecimal().signum() < 0) {
      throw new Invalid("input", "input[" + index + "]: token ids must be whole numbers >= 0");
    }
    return 4;
  }
}
