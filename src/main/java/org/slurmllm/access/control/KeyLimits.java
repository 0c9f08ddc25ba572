package org.slurmllm.access.control;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One key's allowances in memory: requests per minute, tokens per minute and its token budget. The
 * request path asks {@link #admit} (no database); answers charge their tokens with {@link #charge}.
 * The budget's count starts from the database's and is raised to it at every refresh, so tokens
 * spent through other gateways count too (a few seconds late).
 */
public final class KeyLimits {

  /** Why a request is refused and when to try again. */
  public record Refusal(String code, String message, long retryAfterSeconds) {}

  private volatile TokenBucket requests;
  private volatile TokenBucket tokens;
  private volatile Long budget;
  private final AtomicLong used = new AtomicLong();

  public KeyLimits(
      Integer requestsPerMinute, Integer tokensPerMinute, Long budget, long usedSoFar, long now) {
    update(requestsPerMinute, tokensPerMinute, budget, usedSoFar, now);
  }

  /** New limits (an admin changed them) and the tokens spent as the database knows them. */
  public void update(
      Integer requestsPerMinute, Integer tokensPerMinute, Long budget, long usedSoFar, long now) {
    if (requestsPerMinute == null) {
      requests = null;
    } else if (requests == null || requests.perMinute() != requestsPerMinute) {
      requests = new TokenBucket(requestsPerMinute, now);
    }
    if (tokensPerMinute == null) {
      tokens = null;
    } else if (tokens == null || tokens.perMinute() != tokensPerMinute) {
      tokens = new TokenBucket(tokensPerMinute, now);
    }
    this.budget = budget;
    used.accumulateAndGet(usedSoFar, Math::max);
  }

  /** Null if the request may go ahead (and it is counted), else why not. */
  public Refusal admit(long now) {
    Long b = budget;
    if (b != null && used.get() >= b) {
      return new Refusal(
          "budget_exceeded",
          "This key has used its token budget of " + b + " tokens; an admin can raise it.",
          3600);
    }
    TokenBucket t = tokens;
    long tokenWait = t == null ? 0 : t.waitUntilPositive(now);
    if (tokenWait > 0) {
      return new Refusal(
          "rate_limit_exceeded",
          "Rate limit reached: " + t.perMinute() + " tokens per minute for this key.",
          seconds(tokenWait));
    }
    TokenBucket r = requests;
    long requestWait = r == null ? 0 : r.tryTake(1, now);
    if (requestWait > 0) {
      return new Refusal(
          "rate_limit_exceeded",
          "Rate limit reached: " + r.perMinute() + " requests per minute for this key.",
          seconds(requestWait));
    }
    return null;
  }

  /** Tokens an answer used. */
  public void charge(long tokenCount, long now) {
    used.addAndGet(tokenCount);
    TokenBucket t = tokens;
    if (t != null) {
      t.charge(tokenCount, now);
    }
  }

  /** Whether the key has a budget and has spent it. */
  public boolean budgetUsedUp() {
    Long b = budget;
    return b != null && used.get() >= b;
  }

  public long used() {
    return used.get();
  }

  private static long seconds(long nanos) {
    return Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
  }
}
