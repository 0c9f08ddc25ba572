package org.slurmllm.history.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.slurmllm.rest.ApiException;

class BucketSizeTest {

  @Test
  void widthsInSecondsOrWithAUnit() {
    assertEquals(Duration.ofMinutes(1), BucketSize.parse(null));
    assertEquals(Duration.ofSeconds(90), BucketSize.parse("90"));
    assertEquals(Duration.ofSeconds(30), BucketSize.parse("30s"));
    assertEquals(Duration.ofMinutes(5), BucketSize.parse("5m"));
    assertEquals(Duration.ofHours(2), BucketSize.parse("2H"));
    assertEquals(Duration.ofDays(1), BucketSize.parse("1d"));
  }

  @Test
  void nonsenseTooSmallAndTooLargeAreRefusedNamingTheParameter() {
    for (String bad : new String[] {"x", "5x", "0", "-1m", "5", "9s", "32d", "m", "1.5h"}) {
      ApiException e = assertThrows(ApiException.class, () -> BucketSize.parse(bad), bad);
      assertEquals("bucket", e.body().error().param(), bad);
    }
  }

  @Test
  void aRangeOfMoreBucketsThanAChartCanShowIsRefused() {
    BucketSize.check(Duration.ofDays(1), Duration.ofMinutes(1));
    assertThrows(
        ApiException.class, () -> BucketSize.check(Duration.ofDays(2), Duration.ofMinutes(1)));
  }
}
