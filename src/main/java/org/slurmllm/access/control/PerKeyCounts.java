package org.slurmllm.access.control;

import java.util.HashMap;
import java.util.Map;

/**
 * How many of something each key holds (open live streams), each up to a most: a place is taken
 * only while the key holds fewer, and given back when the thing ends. Pure bookkeeping.
 */
public final class PerKeyCounts {

  private final Map<Long, Integer> held = new HashMap<>();

  /** Takes a place for the key if it holds fewer than {@code most}; whether it did. */
  public synchronized boolean take(long keyId, int most) {
    int n = held.getOrDefault(keyId, 0);
    if (n >= most) {
      return false;
    }
    held.put(keyId, n + 1);
    return true;
  }

  /** Gives one of the key's places back. */
  public synchronized void release(long keyId) {
    held.computeIfPresent(keyId, (k, n) -> n <= 1 ? null : n - 1);
  }

  public synchronized int held(long keyId) {
    return held.getOrDefault(keyId, 0);
  }
}
