package org.slurmllm.access.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KeyLimitsTest {

  static final long SECOND = 1_000_000_000L;

  @Test
  void noLimitsAdmitEverything() {
    KeyLimits l = new KeyLimits(null, null, null, 0, 0);
    for (int i = 0; i < 10_000; i++) {
      assertNull(l.admit(0));
    }
  }

  @Test
  void requestsPerMinuteRefuseWithRetryAfter() {
    KeyLimits l = new KeyLimits(2, null, null, 0, 0);
    assertNull(l.admit(0));
    assertNull(l.admit(0));
    KeyLimits.Refusal r = l.admit(0);
    assertNotNull(r);
    assertEquals("rate_limit_exceeded", r.code());
    assertEquals(30, r.retryAfterSeconds());
    assertTrue(r.message().contains("2 requests per minute"), r.message());
  }

  @Test
  void tokensPerMinuteRefuseOnceSpent() {
    KeyLimits l = new KeyLimits(null, 60, null, 0, 0); // a token a second
    assertNull(l.admit(0));
    l.charge(90, 0);
    KeyLimits.Refusal r = l.admit(SECOND);
    assertNotNull(r);
    assertTrue(r.message().contains("60 tokens per minute"), r.message());
    assertTrue(r.retryAfterSeconds() >= 29 && r.retryAfterSeconds() <= 31, "" + r);
    assertNull(l.admit(31 * SECOND));
  }

  @Test
  void budgetRefusesForGoodOnceUsedUp() {
    KeyLimits l = new KeyLimits(null, null, 100L, 40, 0);
    assertNull(l.admit(0));
    l.charge(60, 0);
    KeyLimits.Refusal r = l.admit(3600 * SECOND);
    assertNotNull(r);
    assertEquals("budget_exceeded", r.code());
    assertTrue(r.message().contains("100 tokens"), r.message());
  }

  @Test
  void aRaisedBudgetAndTokensSpentElsewhereTakeEffectAtRefresh() {
    KeyLimits l = new KeyLimits(null, null, 100L, 0, 0);
    l.charge(100, 0);
    assertNotNull(l.admit(0));
    l.update(null, null, 1000L, 50, 0); // the database counted less: what we know stands
    assertEquals(100, l.used());
    assertNull(l.admit(0));
    l.update(null, null, 1000L, 1000, 0); // other gateways spent the rest
    assertNotNull(l.admit(0));
  }

  @Test
  void unchangedLimitsKeepTheirBucketsAcrossRefreshes() {
    KeyLimits l = new KeyLimits(1, null, null, 0, 0);
    assertNull(l.admit(0));
    l.update(1, null, null, 0, 0);
    assertNotNull(l.admit(0), "a refresh must not refill the bucket");
  }
}
