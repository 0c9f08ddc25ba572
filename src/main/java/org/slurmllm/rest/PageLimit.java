package org.slurmllm.rest;

/** A list's {@code limit} query parameter, checked: a number from 1 to the list's maximum. */
public final class PageLimit {

  private PageLimit() {}

  /** The limit, or a 400 naming {@code limit}; null or empty means {@code otherwise}. */
  public static int parse(String text, int otherwise, int max) {
    if (text == null || text.isBlank()) {
      return otherwise;
    }
    try {
      int limit = Integer.parseInt(text.strip());
      if (limit >= 1 && limit <= max) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw ApiException.invalid("limit", "limit: a number from 1 to " + max + ".");
  }
}
