package org.slurmllm.tribunal.control;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slurmllm.rest.TooManyRequests;

/**
 * The tribunals a gateway holds: those waiting for a runner thread (each holding its prompt) and,
 * per key, those started through the API and not ended. A tribunal started through the API is
 * refused (429) when the waiting ones reach the queue's bound or its key holds its most already; a
 * batch's tribunals are never refused (a refusal would fail the batch's line): they wait, and their
 * batch's window of tribunals at once bounds them instead. Pure bookkeeping, no clock.
 */
public final class TribunalSlots {

  /** What a 429 suggests: tribunals take seconds to minutes; a few seconds apart is no flood. */
  static final long RETRY_AFTER_SECONDS = 10;

  private int waiting;
  private final Map<Long, Integer> perKey = new HashMap<>();

  /** One tribunal's place: {@link #started()} when a runner takes it, {@link #ended()} after. */
  public final class Ticket {
    private final Long keyId;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean ended = new AtomicBoolean();

    private Ticket(Long keyId) {
      this.keyId = keyId;
    }

    /** It left the queue: a runner thread has it. */
    public void started() {
      if (!ended.get() && started.compareAndSet(false, true)) {
        leaveQueue();
      }
    }

    /** It ended (or never got to run): its places are free. Twice is once. */
    public void ended() {
      if (ended.compareAndSet(false, true)) {
        if (started.compareAndSet(false, true)) {
          leaveQueue();
        }
        release(keyId);
      }
    }
  }

  /**
   * A place for a tribunal started through the API, or a 429 naming the bound it would break.
   *
   * @param keyId the key counted (null: none)
   * @param mostPerKey the most this key may hold (running or waiting)
   * @param queue the most tribunals that may wait for a runner on this gateway
   */
  public synchronized Ticket admit(Long keyId, int mostPerKey, int queue) {
    if (waiting >= queue) {
      throw new TooManyRequests(
          "tribunal_queue_full",
          "The tribunal queue is full ("
              + queue
              + " waiting for a runner on this gateway); try again later.",
          RETRY_AFTER_SECONDS);
    }
    if (keyId != null && perKey.getOrDefault(keyId, 0) >= mostPerKey) {
      throw new TooManyRequests(
          "too_many_tribunals",
          "This key has "
              + mostPerKey
              + " tribunals running or queued, its most; start another when one ends.",
          RETRY_AFTER_SECONDS);
    }
    waiting++;
    if (keyId != null) {
      perKey.merge(keyId, 1, Integer::sum);
    }
    return new Ticket(keyId);
  }

  /** A place for a batch's tribunal: never refused, counted as waiting until it runs. */
  public synchronized Ticket enter() {
    waiting++;
    return new Ticket(null);
  }

  /** Tribunals waiting for a runner thread. */
  public synchronized int waiting() {
    return waiting;
  }

  /** Tribunals of the key started through the API and not ended. */
  public synchronized int held(long keyId) {
    return perKey.getOrDefault(keyId, 0);
  }

  private synchronized void leaveQueue() {
    waiting--;
  }

  private synchronized void release(Long keyId) {
    if (keyId != null) {
      perKey.computeIfPresent(keyId, (k, n) -> n <= 1 ? null : n - 1);
    }
  }
}
