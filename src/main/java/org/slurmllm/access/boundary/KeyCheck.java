package org.slurmllm.access.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import org.slurmllm.access.control.KeyDirectory;
import org.slurmllm.access.control.KeyLimits;
import org.slurmllm.access.control.KeyMaterial;
import org.slurmllm.access.entity.Principal;

/**
 * Whether an {@code Authorization} header carries a usable key: what access publishes to the parts
 * of the gateway that authenticate outside the servlet chain (the inference handler on Undertow's
 * I/O threads) and to the servlet filter. All from memory: no database, no blocking.
 */
@ApplicationScoped
public class KeyCheck {

  @Inject KeyDirectory keys;

  /**
   * The caller, or why not: {@code status} 401 (missing, unknown, revoked, expired) or 429 (a limit
   * or the budget reached, with {@code retryAfterSeconds}).
   */
  public record Verdict(
      Principal principal, int status, String message, String code, long retryAfterSeconds) {

    static Verdict admitted(Principal principal) {
      return new Verdict(principal, 200, null, null, 0);
    }

    static Verdict refused(int status, String message, String code, long retryAfterSeconds) {
      return new Verdict(null, status, message, code, retryAfterSeconds);
    }

    public boolean admitted() {
      return principal != null;
    }
  }

  /** Checks the header's key and counts the request against the key's limits when it passes. */
  public Verdict check(String authorization) {
    String key = KeyMaterial.bearer(authorization);
    if (key == null) {
      return Verdict.refused(
          401,
          "You didn't provide an API key. Send it in the Authorization header:"
              + " 'Authorization: Bearer YOUR_KEY'.",
          "missing_api_key",
          0);
    }
    KeyDirectory.Entry entry = keys.find(key);
    if (entry == null) {
      return Verdict.refused(
          401, "Incorrect API key provided (unknown or revoked).", "invalid_api_key", 0);
    }
    if (entry.expired(Instant.now())) {
      return Verdict.refused(
          401, "This API key expired at " + entry.expiresAt() + ".", "expired_api_key", 0);
    }
    KeyLimits.Refusal refusal = entry.limits().admit(System.nanoTime());
    if (refusal != null) {
      return Verdict.refused(429, refusal.message(), refusal.code(), refusal.retryAfterSeconds());
    }
    return Verdict.admitted(entry.principal());
  }
}
