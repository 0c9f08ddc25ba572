package org.slurmllm.bulk.control;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Set;
import java.util.function.Predicate;
import org.slurmllm.rest.ApiException;
import org.slurmllm.rest.FieldProblems;

/**
 * The body of {@code POST /v1/batches}, checked: every bad field is named in one 400 (a bad
 * endpoint and a bad window together), the first as its {@code param}. A pure function of the body
 * and of which files the caller may use.
 *
 * @param metadata the metadata object as JSON text, or null
 * @param outputExpiresAfter when its output and error files expire, or null (the retention setting)
 */
public record BatchRequest(
    String inputFileId,
    String endpoint,
    String completionWindow,
    String metadata,
    ExpiresAfter outputExpiresAfter) {

  static final Set<String> ENDPOINTS =
      Set.of(
          "/v1/chat/completions",
          "/v1/completions",
          "/v1/embeddings",
          InputLine.RESPONSES,
          InputLine.TRIBUNALS);

  /**
   * @param usableFile whether an id names an uploaded file of purpose batch the caller may use
   * @throws org.slurmllm.rest.ApiException 400 naming every bad field
   */
  public static BatchRequest of(JsonObject body, Predicate<String> usableFile) {
    if (body == null) {
      throw ApiException.invalid(null, "A JSON body is required.");
    }
    FieldProblems problems = new FieldProblems();
    String input = string(body, "input_file_id", problems);
    if (input != null && !usableFile.test(input)) {
      problems.add(
          "input_file_id", "input_file_id: no uploaded file with purpose 'batch' has id " + input);
    }
    String endpoint = string(body, "endpoint", problems);
    if (endpoint != null && !ENDPOINTS.contains(endpoint)) {
      problems.add(
          "endpoint",
          "endpoint: must be /v1/chat/completions, /v1/completions, /v1/embeddings, /v1/responses or"
              + " /v1/tribunals");
    }
    String window = string(body, "completion_window", problems);
    if (window != null && !window.equals("24h")) {
      problems.add("completion_window", "completion_window: must be '24h'");
    }
    JsonValue metadata = body.get("metadata");
    boolean given = metadata != null && metadata != JsonValue.NULL;
    if (given
        && (!(metadata instanceof JsonObject m)
            || m.size() > 16
            || !m.values().stream().allMatch(v -> v instanceof JsonString))) {
      problems.add("metadata", "metadata: an object of at most 16 string values");
    }
    ExpiresAfter outputExpiry =
        ExpiresAfter.of(body.get("output_expires_after"), "output_expires_after", problems);
    problems.throwIfAny();
    return new BatchRequest(
        input, endpoint, window, given ? metadata.toString() : null, outputExpiry);
  }

  /** A required non-blank string; null (and a problem noted) if it is not one. */
  private static String string(JsonObject body, String field, FieldProblems problems) {
    if (!(body.get(field) instanceof JsonString s) || s.getString().isBlank()) {
      problems.add(field, field + ": required (a string)");
      return null;
    }
    return s.getString();
  }
}
