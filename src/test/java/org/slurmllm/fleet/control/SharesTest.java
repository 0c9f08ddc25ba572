package org.slurmllm.fleet.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SharesTest {

  @Test
  void theSharesAddUpToTheLimit() {
    for (int limit : new int[] {4, 5, 7, 64, 1000}) {
      for (int gateways = 1; gateways <= 4; gateways++) {
        int n = gateways;
        int sum = IntStream.range(0, n).map(rank -> Shares.of(limit, rank, n)).sum();
        assertEquals(limit, sum, limit + " over " + n);
      }
    }
  }

  @Test
  void aGatewayAlwaysHasAtLeastOne() {
    assertEquals(1, Shares.of(1, 1, 2));
    assertEquals(1, Shares.of(1, 0, 2));
    assertEquals(3, Shares.of(3, 0, 1));
  }
}
