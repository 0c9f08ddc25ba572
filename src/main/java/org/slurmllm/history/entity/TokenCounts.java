package org.slurmllm.history.entity;

/**
 * Reads the token counts of an OpenAI answer's {@code usage} without parsing the answer: the last
 * {@code "prompt_tokens":N} and {@code "completion_tokens":N} in the text. Cheap enough for every
 * relayed answer and every streamed chunk that mentions usage.
 */
public record TokenCounts(int prompt, int completion) {

  public static final TokenCounts NONE = new TokenCounts(0, 0);

  /** The counts in the text, or null if it has none. */
  public static TokenCounts scan(CharSequence text) {
    int prompt = number(text, "\"prompt_tokens\"");
    int completion = number(text, "\"completion_tokens\"");
    if (prompt < 0 && completion < 0) {
      return null;
    }
    return new TokenCounts(Math.max(prompt, 0), Math.max(completion, 0));
  }

  /** The whole number after the last {@code "field":} in the text, or -1. */
  public static int field(CharSequence text, String name) {
    return number(text, "\"" + name + "\"");
  }

  private static int number(CharSequence text, String field) {
    int at = lastIndexOf(text, field);
    if (at < 0) {
      return -1;
    }
    int i = at + field.length();
    while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == ':')) {
      i++;
    }
    long value = 0;
    int digits = 0;
    while (i < text.length() && Character.isDigit(text.charAt(i)) && digits < 10) {
      value = value * 10 + (text.charAt(i) - '0');
      i++;
      digits++;
    }
    return digits == 0 ? -1 : (int) Math.min(value, Integer.MAX_VALUE);
  }

  private static int lastIndexOf(CharSequence text, String needle) {
    outer:
    for (int i = text.length() - needle.length(); i >= 0; i--) {
      for (int j = 0; j < needle.length(); j++) {
        if (text.charAt(i + j) != needle.charAt(j)) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
