package org.slurmllm.routing.control;

/**
 * A request that cannot be served now: 429 when the model's replicas and queue are full, 503 when a
 * model with no replica did not get one within the cold-start bound. Either way the client is told
 * when to try again.
 */
public class AdmissionRefused extends RuntimeException {

  private final int status;
  private final long retryAfterSeconds;

  public AdmissionRefused(int status, long retryAfterSeconds, String message) {
    super(message, null, false, false);
    this.status = status;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public int status() {
    return status;
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
