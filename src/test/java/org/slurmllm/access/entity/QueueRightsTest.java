package org.slurmllm.access.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class QueueRightsTest {

  final QueueRights defaultAtMost = new QueueRights(1, ServiceTier.DEFAULT, ServiceTier.FLEX);

  @Test
  void noTierOrAutoIsTheKeysUsualOne() {
    assertEquals(ServiceTier.FLEX, defaultAtMost.tierFor(null));
    assertEquals(ServiceTier.FLEX, defaultAtMost.tierFor("auto"));
  }

  @Test
  void aTierAboveTheKeysHighestIsServedAtTheHighest() {
    assertEquals(ServiceTier.DEFAULT, defaultAtMost.tierFor("priority"));
    assertEquals(ServiceTier.DEFAULT, defaultAtMost.tierFor("default"));
    assertEquals(ServiceTier.FLEX, defaultAtMost.tierFor("flex"));
    QueueRights priority = new QueueRights(1, ServiceTier.PRIORITY, ServiceTier.DEFAULT);
    assertEquals(ServiceTier.PRIORITY, priority.tierFor("priority"));
    assertEquals(ServiceTier.DEFAULT, priority.tierFor(null));
  }
}
