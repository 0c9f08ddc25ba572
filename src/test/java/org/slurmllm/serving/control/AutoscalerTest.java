package org.slurmllm.serving.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.slurmllm.serving.control.Autoscaler.Policy;

class AutoscalerTest {

  static final Policy ZERO_TO_FOUR = new Policy(0, 4, 10, 15);

  @Test
  void loadDividedByTargetRoundedUp() {
    Duration recent = Duration.ofSeconds(1);
    assertEquals(1, Autoscaler.desired(ZERO_TO_FOUR, 0.5, recent));
    assertEquals(1, Autoscaler.desired(ZERO_TO_FOUR, 10, recent));
    assertEquals(2, Autoscaler.desired(ZERO_TO_FOUR, 10.01, recent));
    assertEquals(3, Autoscaler.desired(ZERO_TO_FOUR, 25, recent));
  }

  @Test
  void clampedToMax() {
    assertEquals(4, Autoscaler.desired(ZERO_TO_FOUR, 1000, Duration.ZERO));
  }

  @Test
  void minimumHoldsWithoutLoad() {
    Policy twoToFour = new Policy(2, 4, 10, 15);
    assertEquals(2, Autoscaler.desired(twoToFour, 0, null));
    assertEquals(2, Autoscaler.desired(twoToFour, 0, Duration.ofHours(5)));
  }

  @Test
  void scaleToZeroOnlyAfterIdleTime() {
    assertEquals(1, Autoscaler.desired(ZERO_TO_FOUR, 0, Duration.ofMinutes(14)));
    assertEquals(0, Autoscaler.desired(ZERO_TO_FOUR, 0, Duration.ofMinutes(15)));
    assertEquals(0, Autoscaler.desired(ZERO_TO_FOUR, 0, null), "never used: nothing to keep warm");
  }

  @Test
  void aRequestForAnIdleModelAsksForOneReplica() {
    assertEquals(1, Autoscaler.desired(ZERO_TO_FOUR, 0, Duration.ZERO));
  }

  @Test
  void idleZeroMinutesScalesToZeroAtOnce() {
    assertEquals(0, Autoscaler.desired(new Policy(0, 2, 16, 0), 0, Duration.ZERO));
  }

  @Test
  void overrideWinsWithinZeroToMax() {
    assertEquals(3, Autoscaler.withOverride(ZERO_TO_FOUR, null, 3));
    assertEquals(0, Autoscaler.withOverride(new Policy(1, 4, 10, 15), 0, 3));
    assertEquals(4, Autoscaler.withOverride(ZERO_TO_FOUR, 9, 1));
  }

  @Test
  void movingAverageFollowsWithItsTimeConstant() {
    Duration tau = Duration.ofSeconds(30);
    double afterOneTau = Autoscaler.movingAverage(0, 10, tau, tau);
    assertEquals(10 * (1 - Math.exp(-1)), afterOneTau, 1e-9);
    // many small steps reach the same point as one big step: sampling rate does not matter
    double stepwise = 0;
    for (int i = 0; i < 300; i++) {
      stepwise = Autoscaler.movingAverage(stepwise, 10, Duration.ofMillis(100), tau);
    }
    assertEquals(afterOneTau, stepwise, 1e-6);
    assertTrue(Autoscaler.movingAverage(10, 0, Duration.ofMinutes(10), tau) < 0.01);
  }
}
