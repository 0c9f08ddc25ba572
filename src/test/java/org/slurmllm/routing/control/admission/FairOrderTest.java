package org.slurmllm.routing.control.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.slurmllm.access.entity.ServiceTier;
import org.slurmllm.routing.control.admission.ModelQueue.Waiter;
import org.slurmllm.routing.entity.Share;

class FairOrderTest {

  static final long SECOND = 1_000_000_000L;
  static final long FLEX_BOUND = 10 * SECOND;

  final ModelQueue queue = new ModelQueue();
  long clock;

  static Share share(String party, long key, double weight, ServiceTier tier, double tokens) {
    return new Share(party, party, key, weight, tier, tokens);
  }

  static Share share(String party, long key) {
    return share(party, key, 1, ServiceTier.DEFAULT, 100);
  }

  Waiter waits(Share s) {
    Waiter w = new Waiter(new CompletableFuture<>(), Set.of(), s, clock++);
    queue.add(w);
    return w;
  }

  /** Serves the next waiting request, charging what it used as its estimate. */
  Share serve() {
    int i = queue.next(clock, FLEX_BOUND);
    Waiter w = queue.remove(i);
    queue.dispatched(w.share());
    return w.share();
  }

  @Test
  void equalCountersKeepArrivalOrder() {
    Waiter first = waits(share("a", 1));
    waits(share("b", 2));
    waits(share("c", 3));
    assertEquals(0, queue.next(clock, FLEX_BOUND));
    assertEquals("a", serve().party());
    assertEquals("b", serve().party());
    assertEquals("c", serve().party());
    assertEquals(first.share(), share("a", 1));
  }

  @Test
  void aLightTenantGoesNextBehindAHeavyTenantsBacklog() {
    for (int i = 0; i < 32; i++) {
      waits(share("heavy", 1));
    }
    serve();
    serve(); // the heavy tenant has been served: its counter is above nothing
    waits(share("light", 2));
    assertEquals("light", serve().party(), "FIFO would serve 30 heavy requests first");
  }

  @Test
  void idlenessEarnsNoCredit() {
    // a tenant served alone for a long time, another tenant idle all that while
    for (int i = 0; i < 100; i++) {
      waits(share("busy", 1));
      serve();
    }
    for (int i = 0; i < 10; i++) {
      waits(share("busy", 1));
    }
    waits(share("late", 2));
    waits(share("late", 2));
    waits(share("late", 2));
    // the late tenant starts at the busy one's counter, not at zero: they alternate from here
    List<String> order =
        List.of(serve().party(), serve().party(), serve().party(), serve().party());
    assertEquals(2, order.stream().filter("late"::equals).count(), order::toString);
  }

  @Test
  void backloggedTenantsAreServedTokensInProportionToTheirWeights() {
    Map<String, Double> weights = Map.of("a", 1.0, "b", 1.0, "c", 1.0, "d", 3.0);
    Map<String, Double> served = new HashMap<>();
    long key = 0;
    for (String p : weights.keySet()) {
      key++;
      for (int i = 0; i < 4; i++) {
        waits(share(p, key, weights.get(p), ServiceTier.DEFAULT, 100));
      }
    }
    for (int i = 0; i < 6000; i++) {
      Share s = serve();
      served.merge(s.party(), s.expectedTokens(), Double::sum);
      waits(s); // always backlogged
    }
    double total = served.values().stream().mapToDouble(Double::doubleValue).sum();
    assertEquals(1.0 / 6, served.get("a") / total, 0.01);
    assertEquals(3.0 / 6, served.get("d") / total, 0.01);
  }

  @Test
  void tokensNotRequestsAreWhatIsShared() {
    // one tenant's requests use 10 times the tokens of the other's
    for (int i = 0; i < 4; i++) {
      waits(share("long", 1, 1, ServiceTier.DEFAULT, 1000));
      waits(share("short", 2, 1, ServiceTier.DEFAULT, 100));
    }
    Map<String, Integer> requests = new HashMap<>();
    for (int i = 0; i < 1100; i++) {
      Share s = serve();
      requests.merge(s.party(), 1, Integer::sum);
      waits(s);
    }
    assertEquals(10.0, (double) requests.get("short") / requests.get("long"), 0.2);
  }

  @Test
  void aSettledRequestIsChargedWhatItUsedNotItsEstimate() {
    waits(share("a", 1, 1, ServiceTier.DEFAULT, 100));
    Share a = serve();
    queue.settled(a, 5000); // its answer was far longer than expected
    waits(share("b", 2, 1, ServiceTier.DEFAULT, 100));
    waits(share("a", 1, 1, ServiceTier.DEFAULT, 100));
    for (int i = 0; i < 20; i++) {
      waits(share("b", 2, 1, ServiceTier.DEFAULT, 100));
    }
    int bFirst = 0;
    while (serve().party().equals("b")) {
      bFirst++;
    }
    assertTrue(bFirst >= 20, "b makes up a's 4,900 extra tokens first: " + bFirst);
  }

  @Test
  void keysShareTheirTenantsTurnFairly() {
    for (int i = 0; i < 20; i++) {
      waits(share("t", 1)); // a script's key
    }
    waits(share("t", 2)); // a person's key, same tenant
    serve();
    assertEquals(2, serve().key(), "the tenant's other key goes before its script's backlog");
  }

  @Test
  void tiersGoInOrderAndFlexCompetesAfterItsBound() {
    waits(share("a", 1, 1, ServiceTier.FLEX, 100));
    waits(share("b", 2, 1, ServiceTier.DEFAULT, 100));
    waits(share("c", 3, 1, ServiceTier.PRIORITY, 100));
    assertEquals(ServiceTier.PRIORITY, serve().tier());
    assertEquals(ServiceTier.DEFAULT, serve().tier());
    waits(share("b", 2, 1, ServiceTier.DEFAULT, 100));
    assertEquals(ServiceTier.DEFAULT, serve().tier(), "flex waits behind default...");
    waits(share("b", 2, 1, ServiceTier.DEFAULT, 100));
    clock += FLEX_BOUND;
    // ...until its bound: then it competes as default, and its tenant has been served less
    assertEquals(ServiceTier.FLEX, serve().tier());
  }

  @Test
  void aFlexRequestCompetesAsDefaultOnceItWaitedItsBound() {
    Waiter w = waits(share("a", 1, 1, ServiceTier.FLEX, 100));
    assertEquals(ServiceTier.FLEX, FairOrder.competesAt(w, w.arrivedNanos(), FLEX_BOUND));
    assertEquals(
        ServiceTier.DEFAULT, FairOrder.competesAt(w, w.arrivedNanos() + FLEX_BOUND, FLEX_BOUND));
  }

  @Test
  void forgettingIdleCountersChangesNoDecision() {
    VirtualCounters kept = new VirtualCounters();
    VirtualCounters tidied = new VirtualCounters();
    for (VirtualCounters c : List.of(kept, tidied)) {
      c.partyStartsWaiting("old", List.of());
      c.served("old", 1);
      c.charge("old", 1, 1, 10); // served a little, long ago
      for (int i = 0; i < 50; i++) {
        String p = i % 2 == 0 ? "a" : "b";
        c.partyStartsWaiting(p, List.of("a", "b"));
        c.served(p, i % 2 + 2);
        c.charge(p, i % 2 + 2, 1, 100);
      }
    }
    tidied.forgetIdle(Set.of("a"), Set.of(2L));
    assertTrue(tidied.size() < kept.size(), "the old party's counters are forgotten");
    for (String p : List.of("old", "a", "b")) {
      kept.partyStartsWaiting(p, List.of("a"));
      tidied.partyStartsWaiting(p, List.of("a"));
      assertEquals(kept.party(p), tidied.party(p), p);
    }
  }
}
