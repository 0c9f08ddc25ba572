package org.slurmllm.history.control;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slurmllm.history.entity.UsageRecord;
import org.slurmllm.metrics.Meters;

/**
 * The bound on the usage records that wait for the database: by bytes (an estimate of the heap they
 * hold) and by count. Under a {@code full} content policy a record holds a whole prompt and answer,
 * and a database away for long would otherwise fill the heap. Over the bytes a new record loses its
 * text first (its tokens, key, model and status are kept: budgets and bills need them); one whose
 * metadata does not fit either is dropped. Both are counted, and reported at most once a minute (to
 * {@code report}), not once a record. Lock-free: called on request threads.
 */
public final class UsageBacklog {

  /** What a record costs the heap besides its text: the record, its boxes, strings and entry. */
  public static final long RECORD_BYTES = 512;

  private static final long REPORT_EVERY_NANOS = 60_000_000_000L;

  private final long maxBytes;
  private final int maxRecords;
  private final Consumer<String> report;
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicInteger records = new AtomicInteger();
  private final AtomicLong textsDropped = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong reportedAt = new AtomicLong(System.nanoTime() - REPORT_EVERY_NANOS);

  public UsageBacklog(long maxBytes, int maxRecords, Consumer<String> report) {
    this.maxBytes = maxBytes;
    this.maxRecords = maxRecords;
    this.report = report;
  }

  /** The default bound: a sixteenth of the heap, at most 64 MB. */
  public static long defaultMaxBytes() {
    return Math.min(64L << 20, Runtime.getRuntime().maxMemory() / 16);
  }

  /** Estimated heap a record holds while it waits: its texts at two bytes a character. */
  public static long bytes(UsageRecord r) {
    return RECORD_BYTES + 2L * (length(r.promptText()) + length(r.completionText()));
  }

  /**
   * The record as it may wait (without its text when the backlog is over its bytes), counted in; or
   * null: dropped (counted).
   */
  public UsageRecord admit(UsageRecord r) {
    long cost = bytes(r);
    if (bytes.get() + cost > maxBytes && (r.promptText() != null || r.completionText() != null)) {
      r = withoutText(r);
      cost = bytes(r);
      textsDropped.incrementAndGet();
      overBound();
    }
    if (bytes.addAndGet(cost) > maxBytes) {
      bytes.addAndGet(-cost);
      return drop();
    }
    if (records.incrementAndGet() > maxRecords) {
      records.decrementAndGet();
      bytes.addAndGet(-cost);
      return drop();
    }
    return r;
  }

  /** An admitted record was written or dropped: it waits no longer. */
  public void gone(UsageRecord r) {
    records.decrementAndGet();
    bytes.addAndGet(-bytes(r));
  }

  /** A record that waited no more was dropped (the database refused it). */
  public void refused() {
    dropped.incrementAndGet();
  }

  public long bytes() {
    return bytes.get();
  }

  public int records() {
    return records.get();
  }

  public long textsDropped() {
    return textsDropped.get();
  }

  public long dropped() {
    return dropped.get();
  }

  /** Its meters: the records and bytes waiting, the records dropped or kept without text. */
  public void register(Meters meters) {
    meters.countedBy(
        "slurmllm.usage.records.dropped",
        "Usage records dropped: refused by the database, or beyond the backlog's bound",
        dropped,
        AtomicLong::get);
    meters.gauge(
        "slurmllm.usage.records.pending",
        "Usage records handed in and not yet written",
        records,
        AtomicInteger::get);
    meters.gauge(
        "slurmllm.usage.backlog.bytes",
        "Estimated heap held by the usage records not yet written",
        bytes,
        AtomicLong::get);
    meters.countedBy(
        "slurmllm.usage.texts.dropped",
        "Usage records kept without their prompt and answer text (the backlog over its bytes)",
        textsDropped,
        AtomicLong::get);
  }

  private UsageRecord drop() {
    dropped.incrementAndGet();
    overBound();
    return null;
  }

  private void overBound() {
    long now = System.nanoTime();
    long last = reportedAt.get();
    if (now - last >= REPORT_EVERY_NANOS && reportedAt.compareAndSet(last, now)) {
      report.accept(
          "usage ledger: the database is not keeping up; the backlog is at its bound ("
              + maxBytes
              + " bytes, "
              + maxRecords
              + " records): "
              + textsDropped.get()
              + " records lost their text and "
              + dropped.get()
              + " records were dropped so far");
    }
  }

  private static long length(String s) {
    return s == null ? 0 : s.length();
  }

  /** The record without its text (what the content policy {@code metadata} keeps). */
  static UsageRecord withoutText(UsageRecord r) {
    return new UsageRecord(
        r.at(),
        r.keyId(),
        r.tenantId(),
        r.kind(),
        r.model(),
        r.replicaId(),
        r.slurmJobId(),
        r.reference(),
        r.promptTokens(),
        r.completionTokens(),
        r.latencyMs(),
        r.ttftMs(),
        r.status(),
        r.promptChars(),
        r.completionChars(),
        null,
        null,
        r.requestId());
  }
}
