package org.slurmllm.serving.control;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PendingReasonsTest {

  @Test
  void limitsOfTheRequestItselfCannotClear() {
    for (String r : new String[] {"PartitionTimeLimit", "QOSMaxGRESPerJob", "InvalidAccount"}) {
      assertTrue(PendingReasons.cannotClear(r), r);
    }
  }

  @Test
  void busyOrHeldClustersAreWaitedFor() {
    for (String r :
        new String[] {"Resources", "Priority", "ReqNodeNotAvail", "JobHeldAdmin", "None", null}) {
      assertFalse(PendingReasons.cannotClear(r), String.valueOf(r));
    }
  }
}
