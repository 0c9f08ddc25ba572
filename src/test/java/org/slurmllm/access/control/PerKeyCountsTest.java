package org.slurmllm.access.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PerKeyCountsTest {

  final PerKeyCounts counts = new PerKeyCounts();

  @Test
  void aKeyTakesUpToItsMostAndAnotherKeyIsNotAffected() {
    for (int i = 0; i < 3; i++) {
      assertTrue(counts.take(1, 3));
    }
    assertFalse(counts.take(1, 3));
    assertTrue(counts.take(2, 3));
    assertEquals(3, counts.held(1));
  }

  @Test
  void aPlaceGivenBackCanBeTakenAgain() {
    assertTrue(counts.take(1, 1));
    assertFalse(counts.take(1, 1));
    counts.release(1);
    assertEquals(0, counts.held(1));
    assertTrue(counts.take(1, 1));
  }

  @Test
  void releasingMoreThanWasTakenNeverGoesBelowZero() {
    counts.release(1);
    assertEquals(0, counts.held(1));
    assertTrue(counts.take(1, 1));
    assertFalse(counts.take(1, 1));
  }
}
