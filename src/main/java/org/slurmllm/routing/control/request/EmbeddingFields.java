package org.slurmllm.routing.control.request;

import static org.slurmllm.routing.control.request.InferenceRequestReader.skip;

import jakarta.json.stream.JsonParser;
import org.slurmllm.rest.FieldProblems;

/**
 * The rules of an embeddings request's own fields ({@code input}, {@code encoding_format}, {@code
 * dimensions}), read from the streaming parser as {@link InferenceRequestReader} reaches them. Kept
 * apart because they are OpenAI's embeddings contract, which changes on its own, not the reading of
 * a body. A bad value is noted in the request's problems, and the rest of the body is still read.
 */
final class EmbeddingFields {

  static final String INPUT_SHAPE =
      "input: must be a string, an array of strings, a token array or an array of token arrays";

  /** OpenAI's bound on the inputs of one embeddings request. */
  static final int MOST_INPUTS = 2048;

  private EmbeddingFields() {}

  /** {@code encoding_format}: float or base64. */
  static void encodingFormat(JsonParser.Event value, JsonParser parser, FieldProblems problems) {
    if (!(value == JsonParser.Event.VALUE_STRING
        && (parser.getString().equals("float") || parser.getString().equals("base64")))) {
      problems.add("encoding_format", "encoding_format: must be float or base64");
    }
    skip(value, parser);
  }

  /** {@code dimensions}: null, or a whole number of at least 1. */
  static void dimensions(JsonParser.Event value, JsonParser parser, FieldProblems problems) {
    if (value != JsonParser.Event.VALUE_NULL
        && (value != JsonParser.Event.VALUE_NUMBER
            || !parser.isIntegralNumber()
            || parser.getBigDecimal().signum() <= 0)) {
      problems.add("dimensions", "dimensions: must be a whole number of at least 1");
    }
    skip(value, parser);
  }

  /**
   * The characters of an embeddings input (a token counts as four): a non-empty string, or a
   * non-empty array of non-empty strings, of token ids, or of non-empty arrays of token ids. Each
   * bad item is noted by its index.
   */
  static int input(JsonParser.Event value, JsonParser parser, FieldProblems problems) {
    if (value == JsonParser.Event.VALUE_STRING) {
      if (parser.getString().isEmpty()) {
        problems.add("input", "input: must not be empty");
      }
      return parser.getString().length();
    }
    if (value != JsonParser.Event.START_ARRAY) {
      skip(value, parser);
      problems.add("input", INPUT_SHAPE);
      return 0;
    }
    int chars = 0;
    int items = 0;
    JsonParser.Event next;
    boolean oneTokenArray = false;
    while ((next = parser.next()) != JsonParser.Event.END_ARRAY) {
      oneTokenArray |= items == 0 && next == JsonParser.Event.VALUE_NUMBER;
      if (items == MOST_INPUTS && !oneTokenArray) {
        problems.add("input", "input: at most " + MOST_INPUTS + " items");
      }
      switch (next) {
        case VALUE_STRING -> {
          if (parser.getString().isEmpty()) {
            problems.add("input", "input[" + items + "]: must not be empty");
          }
          chars += parser.getString().length();
        }
        case VALUE_NUMBER -> chars += tokenId(parser, 0, problems);
        case START_ARRAY -> {
          int tokens = 0;
          while (parser.next() != JsonParser.Event.END_ARRAY) {
            tokenId(parser, items, problems);
            tokens++;
          }
          if (tokens == 0) {
            problems.add("input", "input[" + items + "]: must not be empty");
          }
          chars += tokens * 4;
        }
        default -> {
          skip(next, parser);
          problems.add(
              "input", "input[" + items + "]: must be a string, a token id or an array of them");
        }
      }
      items++;
    }
    if (items == 0) {
      problems.add("input", "input: must not be empty");
    }
    return chars;
  }

  /** A token id (a whole number of at least 0): four characters' worth. */
  private static int tokenId(JsonParser parser, int index, FieldProblems problems) {
    if (parser.currentEvent() != JsonParser.Event.VALUE_NUMBER
        || !parser.isIntegralNumber()
        || parser.getBigDecimal().signum() < 0) {
      if (parser.currentEvent() == JsonParser.Event.START_ARRAY
          || parser.currentEvent() == JsonParser.Event.START_OBJECT) {
        skip(parser.currentEvent(), parser);
      }
      problems.add("input", "input[" + index + "]: token ids must be whole numbers >= 0");
      return 0;
    }
    return 4;
  }
}
