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

  /** 429 at once: the model's queue is full. */
  static AdmissionRefused queueFull(String model, int waiting) {
    return new AdmissionRefused(
        429,
        1,
        "Model '"
            + model
            + "' is at capacity: its queue is full ("
            + waiting
            + " requests are waiting). Retry shortly.",
        "rate_limit_exceeded");
  }

  /** 429 at once: the caller's tenant has its most requests waiting for the model. */
  static AdmissionRefused tenantShareFull(String model, int most) {
    return new AdmissionRefused(
        429,
        1,
        "Your tenant's share of the queue of model '"
            + model
            + "' is full: "
            + most
            + " of its requests are waiting, the most one tenant may have. Retry shortly.",
        "rate_limit_exceeded");
  }

  /** 429 after waiting the queue's bound. */
  static AdmissionRefused stayedFull(String model, long queueSeconds) {
    return new AdmissionRefused(
        429,
        1,
        "Model '" + model + "' stayed at capacity for " + queueSeconds + " s. Retry shortly.",
        "rate_limit_exceeded");
  }

  /** 503 after the cold-start bound: no replica came (or none to replace the failed ones). */
  static AdmissionRefused noReplica(String model, boolean replacing) {
    return new AdmissionRefused(
        503,
        30,
        "Model '"
            + model
            + (replacing
                ? "': its model servers failed and no replacement is running yet;"
                : "' has no running replica yet;")
            + " one is starting. Retry in a little while.",
        "model_not_ready");
  }

  /** 503 at once: the model starts no replica before its back-off ends, for this reason. */
  static AdmissionRefused backingOff(String model, String failure, long seconds) {
    return new AdmissionRefused(
        503,
        seconds,
        "Model '"
            + model
            + "' cannot start a replica"
            + (failure == null ? "" : ": " + failure)
            + ". Its next attempt is in "
            + seconds
            + " s.",
        "model_unavailable");
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
