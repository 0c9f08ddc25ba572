package org.slurmllm.access.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TokenBucketTest {

  static final long SECOND = 1_000_000_000L;

  @Test
  void fiveAMinuteAllowsFiveAtOnceThenOneEveryTwelveSeconds() {
    TokenBucket b = new TokenBucket(5, 0);
    for (int i = 0; i < 5; i++) {
      assertEquals(0, b.tryTake(1, 0), "request " + i);
    }
    long wait = b.tryTake(1, 0);
    assertEquals(12 * SECOND, wait, 1_000);
    assertTrue(b.tryTake(1, 11 * SECOND) > 0, "not yet after 11 s");
    assertEquals(0, b.tryTake(1, 12 * SECOND), "one back after 12 s");
  }

  @Test
  void refillsNeverBeyondTheMinutesAllowance() {
    TokenBucket b = new TokenBucket(3, 0);
    for (int i = 0; i < 3; i++) {
      b.tryTake(1, 3600 * SECOND);
    }
    assertTrue(b.tryTake(1, 3600 * SECOND) > 0, "an idle hour does not bank 60 minutes' worth");
  }

  @Test
  void chargedTokensCanGoBelowZeroAndRefuseUntilRefilled() {
    TokenBucket b = new TokenBucket(600, 0); // 10 tokens a second
    assertEquals(0, b.waitUntilPositive(0));
    b.charge(700, 0); // one answer used more than a minute's worth: 100 in debt
    long wait = b.waitUntilPositive(0);
    assertTrue(wait > 9 * SECOND && wait <= 10 * SECOND + 1, "about 10 s, was " + wait);
    assertTrue(b.waitUntilPositive(9 * SECOND) > 0);
    assertEquals(0, b.waitUntilPositive(11 * SECOND));
  }
}
