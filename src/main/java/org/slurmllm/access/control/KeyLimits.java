package org.slurmllm.access.control;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongUnaryOperator;

/**
 * One key's allowances in memory: requests per minute, tokens per minute, requests in flight and
 * its token budget. The request path asks {@link #admit} (no database) when the key is checked and
 * {@link #reserve} once the request's worst case is known; the worst case is held against the
 * budget and the per-minute window until the request ends ({@link #release}), while the ledger
 * charges what was used ({@link #charge}). So requests in flight together can never spend more than
 * the budget, whatever their number.
 *
 * <p>The budget is a total for all gateways, counted in the database ({@code tokens_used}, written
 * by the usage ledger). Each gateway may spend, and hold in flight, only its share of what the
 * database says is left (see {@link #update}), so that gateways reserving at once cannot together
 * reserve more than is left. What this gateway spent is counted here at once, and is in the
 * database a second or so later: the tokens charged and not yet written are added to the database's
 * count, so nothing spent here is ever missed; what other gateways spent is seen at the next
 * refresh.
 */
public final class KeyLimits {

  /** Why a request is refused and when to try again. */
  public record Refusal(String code, String message, long retryAfterSeconds) {}

  /** A key's limits as stored; null: none. */
  public record Settings(
      Integer requestsPerMinute, Integer tokensPerMinute, Long budget, Integer maxConcurrent) {}

  private volatile TokenBucket requests;
  private volatile TokenBucket tokens;
  private volatile Long budget;
  private volatile Integer maxConcurrent;

  /** The database's count less what it held of this gateway's charges (see {@link #update}). */
  private volatile long base;

  /** Of the budget: what this gateway may have spent plus held in flight, at most. */
  private volatile long ceiling = Long.MAX_VALUE;

  private final AtomicLong charged = new AtomicLong();
  private final AtomicLong written = new AtomicLong();
  private final AtomicInteger inFlight = new AtomicInteger();
  private long reserved; // guarded by this

  public KeyLimits(Settings settings, long stored, long now) {
    update(settings, stored, 0, LongUnaryOperator.identity(), now);
  }

  /**
   * New limits (an admin changed them) and the tokens spent as the database knows them. {@code
   * writtenBefore} is {@link #written()} as read before the database was: every charge it counts
   * was committed before the read, so {@code stored - writtenBefore + charged} counts each token
   * once at least (a write committed between the two reads counts twice until the next refresh:
   * safe). {@code share} is this gateway's share of what is left of the budget.
   */
  public synchronized void update(
      Settings s, long stored, long writtenBefore, LongUnaryOperator share, long now) {
    if (s.requestsPerMinute() == null) {
      requests = null;
    } else if (requests == null || requests.perMinute() != s.requestsPerMinute()) {
      requests = new TokenBucket(s.requestsPerMinute(), now);
    }
    if (s.tokensPerMinute() == null) {
      tokens = null;
    } else if (tokens == null || tokens.perMinute() != s.tokensPerMinute()) {
      tokens = new TokenBucket(s.tokensPerMinute(), now);
    }
    this.maxConcurrent = s.maxConcurrent();
    this.budget = s.budget();
    this.base = stored - writtenBefore;
    long used = used();
    ceiling =
        s.budget() == null
            ? Long.MAX_VALUE
            : used + share.applyAsLong(Math.max(0, s.budget() - used));
  }

  /** Null if the request may go ahead (and it is counted), else why not. */
  public Refusal admit(long now) {
    Long b = budget;
    if (b != null && used() >= b) {
      return usedUp(b);
    }
    TokenBucket t = tokens;
    long tokenWait = t == null ? 0 : t.waitUntilPositive(now);
    if (tokenWait > 0) {
      return tokensPerMinute(t, tokenWait);
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

  /**
   * Holds a request's worst case ({@code tokens}) against the budget and the tokens-per-minute
   * window, and a place among the key's requests in flight; null if granted (then {@link #release}
   * it when the request ends), else why not.
   */
  public Refusal reserve(long tokens, long now) {
    return reserve(tokens, now, true);
  }

  /**
   * Holds the worst case of work that is not a request (a batch's chunk) against the budget only:
   * its lines are charged to the tokens per minute as they are answered, as before, and it takes no
   * place among the key's requests in flight. Null if granted; {@link #releaseWork} it.
   */
  public Refusal reserveWork(long tokens) {
    return reserve(tokens, 0, false);
  }

  /** The work that {@link #reserveWork reserved} {@code tokens} ended. */
  public synchronized void releaseWork(long tokens) {
    reserved -= tokens;
  }

  private synchronized Refusal reserve(long tokens, long now, boolean request) {
    Integer max = maxConcurrent;
    if (request && max != null && inFlight.get() >= max) {
      return new Refusal(
          "rate_limit_exceeded",
          "Rate limit reached: "
              + max
              + " requests in flight at once for this key. Retry when one has ended.",
          1);
    }
    Long b = budget;
    if (b != null) {
      long used = used();
      if (used >= b) {
        return usedUp(b);
      }
      if (used + reserved + tokens > ceiling) {
        long left = ceiling - used;
        if (tokens <= left) {
          return new Refusal(
              "rate_limit_exceeded",
              "This key's requests in flight hold "
                  + reserved
                  + " tokens of its budget; this one may use up to "
                  + tokens
                  + ". Retry when one has ended.",
              1);
        }
        return new Refusal(
            "budget_exceeded",
            (request ? "This request" : "These requests")
                + " may use up to "
                + tokens
                + " tokens (the prompt, and max_tokens for each of n choices, or the model's"
                + " context when max_tokens is not set); this key has "
                + Math.max(0, b - used)
                + " of its token budget of "
                + b
                + " left. Ask for fewer tokens with max_tokens; an admin can raise the budget.",
            left < b - used ? 60 : 3600);
      }
    }
    TokenBucket t = this.tokens;
    if (request && t != null) {
      long wait = t.waitUntilPositive(now);
      if (wait > 0) {
        return tokensPerMinute(t, wait);
      }
      t.charge(tokens, now);
    }
    reserved += tokens;
    if (request) {
      inFlight.incrementAndGet();
    }
    return null;
  }

  /** The request that {@link #reserve reserved} {@code tokens} ended: what it used is charged. */
  public synchronized void release(long tokens, long now) {
    reserved -= tokens;
    inFlight.decrementAndGet();
    TokenBucket t = this.tokens;
    if (t != null) {
      t.charge(-tokens, now);
    }
  }

  /** Tokens an answer used. */
  public void charge(long tokenCount, long now) {
    charged.addAndGet(tokenCount);
    TokenBucket t = tokens;
    if (t != null) {
      t.charge(tokenCount, now);
    }
  }

  /** Tokens charged here that the ledger has written to the database. */
  public void written(long tokenCount) {
    written.addAndGet(tokenCount);
  }

  /** Tokens charged here and written, so far (see {@link #update}). */
  public long written() {
    return written.get();
  }

  /** Whether the key has a budget and has spent it. */
  public boolean budgetUsedUp() {
    Long b = budget;
    return b != null && used() >= b;
  }

  /** Tokens spent, as far as this gateway knows: the database's count and its own unwritten. */
  public long used() {
    return base + charged.get();
  }

  /** Requests holding a reservation now. */
  public int inFlight() {
    return inFlight.get();
  }

  private static Refusal usedUp(long budget) {
    return new Refusal(
        "budget_exceeded",
        "This key has used its token budget of " + budget + " tokens; an admin can raise it.",
        3600);
  }

  private static Refusal tokensPerMinute(TokenBucket t, long wait) {
    return new Refusal(
        "rate_limit_exceeded",
        "Rate limit reached: " + t.perMinute() + " tokens per minute for this key.",
        seconds(wait));
  }

  private static long seconds(long nanos) {
    return Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
  }
}
