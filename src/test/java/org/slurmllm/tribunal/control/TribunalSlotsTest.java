package org.slurmllm.tribunal.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slurmllm.rest.TooManyRequests;

class TribunalSlotsTest {

  final TribunalSlots slots = new TribunalSlots();

  @Test
  void aKeyOverItsMostIsRefusedWhileAnotherKeyIsAdmitted() {
    for (int i = 0; i < 4; i++) {
      slots.admit(1L, 4, 64).started();
    }
    TooManyRequests refused = assertThrows(TooManyRequests.class, () -> slots.admit(1L, 4, 64));
    assertEquals(429, refused.status().getStatusCode());
    assertEquals("too_many_tribunals", refused.body().error().code());
    assertEquals(TribunalSlots.RETRY_AFTER_SECONDS, refused.retryAfterSeconds());
    slots.admit(2L, 4, 64); // another key's tribunal
    assertEquals(4, slots.held(1L));
  }

  @Test
  void anEndedTribunalFreesItsKeysPlaceOnce() {
    List<TribunalSlots.Ticket> tickets = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      tickets.add(slots.admit(1L, 2, 64));
    }
    tickets.get(0).started();
    tickets.get(0).ended();
    tickets.get(0).ended(); // twice is once
    assertEquals(1, slots.held(1L));
    slots.admit(1L, 2, 64);
    assertThrows(TooManyRequests.class, () -> slots.admit(1L, 2, 64));
  }

  @Test
  void theQueueCountsOnlyThoseWaitingForARunner() {
    List<TribunalSlots.Ticket> waiting = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      waiting.add(slots.admit((long) i, 4, 3));
    }
    TooManyRequests full = assertThrows(TooManyRequests.class, () -> slots.admit(9L, 4, 3));
    assertEquals("tribunal_queue_full", full.body().error().code());
    assertEquals(3, slots.waiting());
    waiting.get(0).started(); // a runner took it: a place in the queue is free
    waiting.get(0).started();
    assertEquals(2, slots.waiting());
    slots.admit(9L, 4, 3);
    assertThrows(TooManyRequests.class, () -> slots.admit(10L, 4, 3));
  }

  @Test
  void oneThatNeverRanLeavesTheQueueWhenItEnds() {
    TribunalSlots.Ticket t = slots.admit(1L, 4, 1);
    t.ended(); // e.g. its record could not be written
    t.started(); // too late: it is gone
    assertEquals(0, slots.waiting());
    assertEquals(0, slots.held(1L));
    slots.admit(1L, 4, 1);
  }

  @Test
  void aBatchsTribunalsAreNeverRefusedButFillTheQueue() {
    for (int i = 0; i < 10; i++) {
      slots.enter();
    }
    assertEquals(10, slots.waiting());
    assertThrows(TooManyRequests.class, () -> slots.admit(1L, 4, 10));
    assertEquals(0, slots.held(1L));
  }

  @Test
  void keysOfNoOneAreNotCountedPerKey() {
    for (int i = 0; i < 10; i++) {
      slots.admit(null, 1, 64);
    }
    assertEquals(10, slots.waiting());
  }
}
