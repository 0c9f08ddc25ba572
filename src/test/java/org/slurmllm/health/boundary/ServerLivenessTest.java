package org.slurmllm.health.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.management.MemoryUsage;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerLivenessTest {

  static MemoryUsage used(long used, long max) {
    return new MemoryUsage(0, used, Math.max(used, 1), max);
  }

  @Test
  void aFullSurvivorSpaceAfterAMinorCollectionIsNotAFullHeap() {
    List<MemoryUsage> pools = List.of(used(0, 140), used(17, 17), used(100, 350));
    double full = ServerLiveness.heapFractionAfterGc(pools, 512);
    assertEquals(117.0 / 512, full, 1e-9);
  }

  @Test
  void aHeapFullAfterCollectionsIsFull() {
    List<MemoryUsage> pools = List.of(used(0, 140), used(17, 17), used(480, 500));
    double full = ServerLiveness.heapFractionAfterGc(pools, 512);
    assertEquals(497.0 / 512, full, 1e-9);
  }

  @Test
  void poolsWithoutCollectionsYetCountAsEmpty() {
    assertEquals(0, ServerLiveness.heapFractionAfterGc(Arrays.asList(null, null), 512));
    assertEquals(0, ServerLiveness.heapFractionAfterGc(List.of(used(5, 10)), 0));
  }
}
