package org.slurmllm.rest;

import jakarta.ws.rs.core.Response.Status;

/**
 * A 429: the caller holds as much of something as it may (tribunals, live streams) or the service
 * has no room for more; {@code Retry-After} says when to try again.
 */
public class TooManyRequests extends ApiException {

  private final long retryAfterSeconds;

  public TooManyRequests(String code, String message, long retryAfterSeconds) {
    super(Status.TOO_MANY_REQUESTS, "rate_limit_error", code, null, message);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
