package org.slurmllm.routing.control.relay;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FailureRuleTest {

  @Test
  void aFourHundredIsTheRequestsFaultAndNeverTheReplicas() {
    for (int status : new int[] {400, 401, 404, 413, 429}) {
      assertTrue(FailureRule.requestsFault(status), "" + status);
      assertFalse(FailureRule.replicasFault(status), "" + status);
    }
  }

  @Test
  void aFiveHundredIsTheReplicas() {
    for (int status : new int[] {500, 502, 503, 504}) {
      assertTrue(FailureRule.replicasFault(status), "" + status);
      assertFalse(FailureRule.requestsFault(status), "" + status);
    }
    assertFalse(FailureRule.replicasFault(200));
    assertFalse(FailureRule.requestsFault(200));
  }
}
