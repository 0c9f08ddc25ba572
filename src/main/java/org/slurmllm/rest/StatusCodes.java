package org.slurmllm.rest;

import jakarta.ws.rs.core.Response;
import java.util.Locale;

/**
 * The word an error body's {@code code} gives for an HTTP status when nothing more precise is known
 * (JAX-RS's own 404, 405, 415 ...; the container's errors). Clients branch on {@code code}; a
 * number there repeats the status and reads as if the word were missing.
 */
public final class StatusCodes {

  private StatusCodes() {}

  /** A word, never digits: e.g. 415 is {@code unsupported_media_type}. */
  public static String word(int status) {
    return switch (status) {
      // where the API already has a word for the status, the same one
      case 400 -> "invalid_request";
      case 401 -> "invalid_api_key";
      case 413 -> "request_too_large";
      case 429 -> "rate_limit_exceeded";
      case 500 -> "internal_error";
      default -> fromReasonPhrase(status);
    };
  }

  /** The standard reason phrase in snake case, else the status's class. */
  private static String fromReasonPhrase(int status) {
    Response.Status known = Response.Status.fromStatusCode(status);
    if (known != null) {
      return known
          .getReasonPhrase()
          .toLowerCase(Locale.ROOT)
          .replaceAll("[^a-z0-9]+", "_")
          .replaceAll("^_|_$", "");
    }
    return status >= 500 ? "server_error" : "client_error";
  }
}
