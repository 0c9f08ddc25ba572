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

  @Test
  void sharesOfWhatIsLeftAddUpAndMayBeNothing() {
    for (long left : new long[] {0, 1, 5, 199, 1_000_000_007L}) {
      for (int gateways = 1; gateways <= 4; gateways++) {
        long sum = 0;
        for (int rank = 0; rank < gateways; rank++) {
          sum += Shares.of(left, rank, gateways);
        }
        assertEquals(left, sum, left + " over " + gateways);
      }
    }
    assertEquals(0, Shares.of(1L, 1, 2), "a share of what is left may be nothing");
  }
}
