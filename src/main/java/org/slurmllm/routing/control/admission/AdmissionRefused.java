package org.slurmllm.routing.control.admission;

/**
 * A request that cannot be served now: 429 when the model's replicas and queue are full, 503 when a
 * model with no replica did not get one within the cold-start bound or cannot start one (it backs
 * off after failures). Either way the client is told when to try again.
 */
public class AdmissionRefused extends RuntimeException {

  private final int status;
  private final long retryAfterSeconds;
  private final String code;

  public AdmissionRefused(int status, long retryAfterSeconds, String message, String code) {
    super(message, null, false, false);
    this.status = status;
    this.retryAfterSeconds = retryAfterSeconds;
    this.code = code;
  }

  /** The error body's code: {@code rate_limit_exceeded}, {@code model_not_ready}, ... */
  public String code() {
    return code;
  }

  public int status() {
    return status;
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
