package org.slurmllm.routing.control.relay;

import static org.slurmllm.rest.JsonP.JSON;

import jakarta.json.JsonReader;
import java.io.StringReader;

/**
 * Whose fault a replica's answer is, one rule for the relay and the tribunal's calls. A 4xx is the
 * request's (too long, a bad field): it goes back to the caller as it is, is never tried on another
 * replica, and never counts against the replica's circuit; a 5xx is the server's, retried elsewhere
 * before the first byte and counted; its message is read for the 502 that tells of it. Pure.
 */
public final class FailureRule {

  private FailureRule() {}

  /** Whether the status is the request's fault (so: no retry, no circuit). */
  public static boolean requestsFault(int status) {
    return status >= 400 && status < 500;
  }

  /** Whether the status is the replica's fault (so: another replica, and a mark on its circuit). */
  public static boolean replicasFault(int status) {
    return status >= 500;
  }

  /** The message of an OpenAI error body (or the start of whatever else came), for a 502. */
  public static String errorMessage(String body) {
    try (JsonReader reader = JSON.createReader(new StringReader(body))) {
      return reader.readObject().getJsonObject("error").getString("message");
    } catch (RuntimeException e) {
      String plain = body.strip();
      return plain.length() > 200 ? plain.substring(0, 200) + "..." : plain;
    }
  }
}
