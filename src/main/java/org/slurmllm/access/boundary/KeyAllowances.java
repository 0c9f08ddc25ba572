package org.slurmllm.access.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.slurmllm.access.control.KeyDirectory;
import org.slurmllm.access.control.KeyLimits;

/**
 * What other features may ask of a key's allowances: charge the tokens of work done for it (the
 * usage ledger) and whether work already accepted for it may go on (a batch's next chunk, a
 * tribunal's next round). In memory, no database: callable on a request thread.
 */
@ApplicationScoped
public class KeyAllowances {

  @Inject KeyDirectory keys;

  /** Counts tokens against the key's per-minute limit and budget; unknown keys are ignored. */
  public void charge(long keyId, long tokens) {
    KeyLimits limits = keys.limits(keyId);
    if (limits != null) {
      limits.charge(tokens, System.nanoTime());
    }
  }

  /**
   * Why work already accepted and charged to this key must not go on (revoked, expired, budget used
   * up), or null if it may.
   */
  public String stopReason(Long keyId) {
    return keys.stopReason(keyId);
  }
}
