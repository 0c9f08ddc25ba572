package org.slurmllm.access.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slurmllm.access.control.KeyDirectory;
import org.slurmllm.access.control.KeyLimits;

/**
 * What other features may ask of a key's allowances: hold a request's worst case while it runs (the
 * gateway), charge the tokens of work done for it and say which of them are in the database (the
 * usage ledger), and whether work already accepted for it may go on (a batch's next chunk, a
 * tribunal's next round). In memory, no database: callable on a request thread.
 */
@ApplicationScoped
public class KeyAllowances {

  @Inject KeyDirectory keys;

  /**
   * A request's hold on its key's allowances: granted, or refused with why (429 and when to retry).
   * A granted one is released once, when the request ends, after its tokens were charged.
   */
  public static final class Reservation {
    private final KeyLimits limits;
    private final long tokens;
    private final KeyLimits.Refusal refusal;
    private final boolean request;
    private final AtomicBoolean released = new AtomicBoolean();

    private Reservation(KeyLimits limits, long tokens, KeyLimits.Refusal refusal, boolean request) {
      this.limits = limits;
      this.tokens = tokens;
      this.refusal = refusal;
      this.request = request;
    }

    /** Whether the key's budget cannot cover it at all (else: only for now; retry later). */
    public boolean overBudget() {
      return refusal != null && refusal.code().equals("budget_exceeded");
    }

    public boolean granted() {
      return refusal == null;
    }

    public String code() {
      return refusal.code();
    }

    public String message() {
      return refusal.message();
    }

    public long retryAfterSeconds() {
      return refusal.retryAfterSeconds();
    }

    /** The request ended: its hold is given back (its use was charged). Idempotent. */
    public void release() {
      if (limits != null && refusal == null && released.compareAndSet(false, true)) {
        if (request) {
          limits.release(tokens, System.nanoTime());
        } else {
          limits.releaseWork(tokens);
        }
      }
    }
  }

  /**
   * Holds {@code tokens} (a request's worst case) against the key's budget and tokens per minute,
   * and a place among its requests in flight. A key unknown here (not loaded yet) is granted
   * without a hold, as its check was.
   */
  public Reservation reserve(long keyId, long tokens) {
    KeyLimits limits = keys.limits(keyId);
    if (limits == null) {
      return new Reservation(null, 0, null, true);
    }
    return new Reservation(limits, tokens, limits.reserve(tokens, System.nanoTime()), true);
  }

  /**
   * Holds the worst case of accepted work that is not a request (a batch's chunk, before its job is
   * submitted) against the key's budget only; released when the work has ended and was charged.
   */
  public Reservation reserveWork(Long keyId, long tokens) {
    KeyLimits limits = keyId == null ? null : keys.limits(keyId);
    if (limits == null) {
      return new Reservation(null, 0, null, false);
    }
    return new Reservation(limits, tokens, limits.reserveWork(tokens), false);
  }

  /** Counts tokens against the key's per-minute limit and budget; unknown keys are ignored. */
  public void charge(long keyId, long tokens) {
    KeyLimits limits = keys.limits(keyId);
    if (limits != null) {
      limits.charge(tokens, System.nanoTime());
    }
  }

  /** Charged tokens the ledger has now written to the database (committed). */
  public void written(long keyId, long tokens) {
    KeyLimits limits = keys.limits(keyId);
    if (limits != null) {
      limits.written(tokens);
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
