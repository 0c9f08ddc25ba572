package org.slurmllm.access.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.Test;

class KeyLimitsTest {

  static final long SECOND = 1_000_000_000L;

  static KeyLimits.Settings limits(Integer rpm, Integer tpm, Long budget, Integer concurrent) {
    return new KeyLimits.Settings(rpm, tpm, budget, concurrent);
  }

  @Test
  void noLimitsAdmitEverything() {
    KeyLimits l = new KeyLimits(limits(null, null, null, null), 0, 0);
    for (int i = 0; i < 10_000; i++) {
      assertNull(l.admit(0));
      assertNull(l.reserve(1_000_000, 0));
    }
  }

  @Test
  void requestsPerMinuteRefuseWithRetryAfter() {
    KeyLimits l = new KeyLimits(limits(2, null, null, null), 0, 0);
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
    KeyLimits l = new KeyLimits(limits(null, 60, null, null), 0, 0); // a token a second
    assertNull(l.admit(0));
    l.charge(90, 0);
    KeyLimits.Refusal r = l.admit(SECOND);
    assertNotNull(r);
    assertTrue(r.message().contains("60 tokens per minute"), r.message());
    assertTrue(r.retryAfterSeconds() >= 29 && r.retryAfterSeconds() <= 31, "" + r);
    assertNull(l.admit(31 * SECOND));
  }

  @Test
  void aReservationHoldsTheTokensPerMinuteUntilReleased() {
    KeyLimits l = new KeyLimits(limits(null, 60, null, null), 0, 0);
    assertNull(l.reserve(100, 0), "the window is positive: the first may start");
    assertNotNull(l.reserve(1, 0), "the first holds the window: no second meanwhile");
    l.charge(10, 0);
    l.release(100, 0);
    assertNull(l.reserve(1, 0), "settled to what was used (10 of 60): room again");
  }

  @Test
  void budgetRefusesForGoodOnceUsedUp() {
    KeyLimits l = new KeyLimits(limits(null, null, 100L, null), 40, 0);
    assertNull(l.admit(0));
    l.charge(60, 0);
    KeyLimits.Refusal r = l.admit(3600 * SECOND);
    assertNotNull(r);
    assertEquals("budget_exceeded", r.code());
    assertTrue(r.message().contains("100 tokens"), r.message());
  }

  @Test
  void reservationsInFlightNeverExceedTheBudget() {
    KeyLimits l = new KeyLimits(limits(null, null, 200L, null), 0, 0);
    assertNull(l.reserve(70, 0));
    assertNull(l.reserve(70, 0));
    KeyLimits.Refusal held = l.reserve(70, 0);
    assertNotNull(held, "140 held, 70 more would make 210");
    assertEquals("rate_limit_exceeded", held.code(), "held by requests in flight: retry soon");
    assertEquals(1, held.retryAfterSeconds());
    l.charge(20, 0);
    l.release(70, 0); // settled: used 20, 70 still held
    assertNull(l.reserve(70, 0), "20 used + 70 + 70 held = 160");
    KeyLimits.Refusal tooBig = l.reserve(300, 0);
    assertEquals("budget_exceeded", tooBig.code(), "can never fit: " + tooBig);
    assertTrue(tooBig.message().contains("may use up to 300"), tooBig.message());
    assertTrue(tooBig.message().contains("max_tokens"), tooBig.message());
  }

  @Test
  void concurrentReservationsCannotOverspend() throws Exception {
    KeyLimits l = new KeyLimits(limits(null, null, 200L, null), 0, 0);
    AtomicLong spent = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch go = new CountDownLatch(1);
    List<java.util.concurrent.Future<?>> runs = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      runs.add(
          pool.submit(
              () -> {
                go.await();
                if (l.reserve(66, 0) == null) { // worst case 66, uses 60
                  l.charge(60, 0);
                  spent.addAndGet(60);
                  l.release(66, 0);
                }
                return null;
              }));
    }
    go.countDown();
    for (var r : runs) {
      r.get(10, TimeUnit.SECONDS);
    }
    pool.shutdown();
    assertTrue(spent.get() <= 200 && spent.get() >= 60, "spent " + spent);
    assertEquals(spent.get(), l.used());
  }

  @Test
  void requestsInFlightAreBounded() {
    KeyLimits l = new KeyLimits(limits(null, null, null, 2), 0, 0);
    assertNull(l.reserve(1, 0));
    assertNull(l.reserve(1, 0));
    KeyLimits.Refusal r = l.reserve(1, 0);
    assertNotNull(r);
    assertEquals("rate_limit_exceeded", r.code());
    assertTrue(r.message().contains("2 requests in flight"), r.message());
    assertEquals(2, l.inFlight());
    l.release(1, 0);
    assertNull(l.reserve(1, 0));
    assertNull(l.reserveWork(1_000), "a batch's chunk takes no place among requests");
  }

  @Test
  void aChunkHoldsTheBudgetOnlyAgainstOtherWork() {
    KeyLimits l = new KeyLimits(limits(null, 1, 1000L, null), 0, 0);
    assertNull(l.reserveWork(900));
    assertNotNull(l.reserve(200, 0), "the chunk holds 900 of 1000");
    l.releaseWork(900);
    assertNull(l.reserve(200, 0), "the tokens per minute were not touched by the chunk");
  }

  @Test
  void theDatabaseCountAndTheUnwrittenChargesAddUp() {
    KeyLimits l = new KeyLimits(limits(null, null, 1000L, null), 0, 0);
    l.charge(100, 0); // spent here, not written yet
    l.update(limits(null, null, 1000L, null), 0, l.written(), LongUnaryOperator.identity(), 0);
    assertEquals(100, l.used(), "unwritten charges count");
    l.written(100); // the ledger committed them
    l.update(limits(null, null, 1000L, null), 100, l.written(), LongUnaryOperator.identity(), 0);
    assertEquals(100, l.used(), "written once: counted once");
    l.update(limits(null, null, 1000L, null), 1000, l.written(), LongUnaryOperator.identity(), 0);
    assertNotNull(l.admit(0), "other gateways spent the rest");
    l.update(limits(null, null, 5000L, null), 1000, l.written(), LongUnaryOperator.identity(), 0);
    assertNull(l.admit(0), "an admin raised it");
  }

  @Test
  void aWriteBetweenTheTwoReadsCountsTwiceNeverNone() {
    KeyLimits l = new KeyLimits(limits(null, null, 1000L, null), 0, 0);
    l.charge(100, 0);
    long before = l.written(); // 0, read before the database
    l.written(100); // the ledger commits meanwhile, and the database read sees it
    l.update(limits(null, null, 1000L, null), 100, before, LongUnaryOperator.identity(), 0);
    assertEquals(200, l.used(), "counted twice until the next refresh: safe");
    l.update(limits(null, null, 1000L, null), 100, l.written(), LongUnaryOperator.identity(), 0);
    assertEquals(100, l.used());
  }

  @Test
  void eachGatewayReservesOnlyItsShareOfWhatIsLeft() {
    // two gateways: this one may hold half of the 200 left
    KeyLimits l = new KeyLimits(limits(null, null, 200L, null), 0, 0);
    l.update(limits(null, null, 200L, null), 0, 0, left -> left / 2, 0);
    assertNull(l.reserve(60, 0));
    KeyLimits.Refusal r = l.reserve(60, 0);
    assertNotNull(r, "60 + 60 > this gateway's 100");
    assertEquals(1, r.retryAfterSeconds(), "held by its own request: " + r);
    l.release(60, 0);
    KeyLimits.Refusal big = l.reserve(150, 0);
    assertEquals("budget_exceeded", big.code());
    assertEquals(60, big.retryAfterSeconds(), "the key has more left than this gateway's share");
  }

  @Test
  void unchangedLimitsKeepTheirBucketsAcrossRefreshes() {
    KeyLimits l = new KeyLimits(limits(1, null, null, null), 0, 0);
    assertNull(l.admit(0));
    l.update(limits(1, null, null, null), 0, 0, LongUnaryOperator.identity(), 0);
    assertNotNull(l.admit(0), "a refresh must not refill the bucket");
  }
}
