package org.slurmllm.rest;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The bad fields of one request, gathered as they are found so that one 400 names them all and the
 * client fixes its request in one round trip. The message has {@link RequestValidator}'s shape
 * ({@code Invalid request: a: why; b: why}); {@code param} is the first field, as OpenAI's SDKs
 * read one name there.
 */
public final class FieldProblems {

  /** Enough to fix a request by; a body of ten thousand bad items is not listed whole. */
  static final int MOST_LISTED = 20;

  /**
   * One bad field.
   *
   * @param param the field as OpenAI's {@code param} names it (e.g. {@code messages})
   * @param text what is wrong, starting with the field's own name (e.g. {@code messages[2]: ...})
   */
  private record Problem(String param, String text) {}

  /** The problems listed, in the order found; beyond {@link #MOST_LISTED} only counted. */
  private final Set<Problem> listed = new LinkedHashSet<>();

  private int unlisted;

  /**
   * Notes a problem; the same one twice (a field given twice) is listed once. Constant time, as a
   * body may hold millions of bad items.
   */
  public FieldProblems add(String param, String text) {
    Problem p = new Problem(param, text);
    if (listed.size() < MOST_LISTED) {
      listed.add(p);
    } else if (!listed.contains(p)) {
      unlisted++;
    }
    return this;
  }

  public boolean isEmpty() {
    return listed.isEmpty();
  }

  /** The first bad field, for OpenAI's {@code param}; null when none is. */
  public String param() {
    return listed.isEmpty() ? null : listed.iterator().next().param();
  }

  /** Every bad field, comma-separated: the admin API's {@code param}, which the console marks. */
  public String params() {
    return String.join(",", listed.stream().map(Problem::param).distinct().toList());
  }

  /** Every problem listed, one by one, for the error's {@code fields}. */
  public List<ApiError.Field> fields() {
    return listed.stream().map(p -> ApiError.Field.of(p.param(), p.text())).toList();
  }

  /** Every problem in one sentence, in the order found. */
  public String message() {
    List<String> texts = listed.stream().map(Problem::text).toList();
    String more = unlisted > 0 ? "; and " + unlisted + " more" : "";
    return "Invalid request: " + String.join("; ", texts) + more;
  }

  /** Throws the 400 naming every problem, if there is one. */
  public void throwIfAny() {
    if (!listed.isEmpty()) {
      throw ApiException.invalid(param(), message(), fields());
    }
  }
}
