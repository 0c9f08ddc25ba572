package org.slurmllm.serving.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.slurmllm.serving.control.ScalePlan.Actions;
import org.slurmllm.serving.control.ScalePlan.Live;
import org.slurmllm.serving.entity.ReplicaState;

class ScalePlanTest {

  static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
  static final Duration LEAD = Duration.ofMinutes(5);

  static Live live(ReplicaState state, int submittedSecondsAgo) {
    return new Live(
        UUID.randomUUID(),
        state,
        NOW.minusSeconds(submittedSecondsAgo),
        NOW.plus(Duration.ofHours(1)),
        null);
  }

  @Test
  void submitsWhatIsMissing() {
    assertEquals(
        new Actions(2, List.of(), List.of()), ScalePlan.plan(2, List.of(), NOW, LEAD, true));
    Live one = live(ReplicaState.READY, 100);
    assertEquals(1, ScalePlan.plan(2, List.of(one), NOW, LEAD, true).submit());
  }

  @Test
  void backoffSubmitsNothing() {
    assertEquals(0, ScalePlan.plan(3, List.of(), NOW, LEAD, false).submit());
  }

  @Test
  void surplusDrainsQueuedFirstThenStartingThenYoungestReady() {
    Live oldReady = live(ReplicaState.READY, 1000);
    Live youngReady = live(ReplicaState.READY, 10);
    Live starting = live(ReplicaState.STARTING, 5);
    Live pending = live(ReplicaState.PENDING, 1);
    List<Live> all = List.of(oldReady, youngReady, starting, pending);
    assertEquals(List.of(pending.id()), ScalePlan.plan(3, all, NOW, LEAD, true).drain());
    assertEquals(
        List.of(pending.id(), starting.id(), youngReady.id()),
        ScalePlan.plan(1, all, NOW, LEAD, true).drain());
    assertEquals(4, ScalePlan.plan(0, all, NOW, LEAD, true).drain().size());
  }

  @Test
  void readyReplicaNearItsWalltimeGetsASuccessor() {
    Live expiring =
        new Live(
            UUID.randomUUID(),
            ReplicaState.READY,
            NOW.minusSeconds(3000),
            NOW.plus(Duration.ofMinutes(4)),
            null);
    Actions actions = ScalePlan.plan(1, List.of(expiring), NOW, LEAD, true);
    assertEquals(List.of(expiring.id()), actions.renew());
    assertEquals(0, actions.submit());
    assertEquals(List.of(), actions.drain());
  }

  @Test
  void aReplicaWithASuccessorCountsOnceAndStepsDownWhenTheSuccessorIsReady() {
    UUID successorId = UUID.randomUUID();
    Live old =
        new Live(
            UUID.randomUUID(),
            ReplicaState.READY,
            NOW.minusSeconds(3000),
            NOW.plus(Duration.ofMinutes(4)),
            successorId);
    Live startingSuccessor =
        new Live(successorId, ReplicaState.STARTING, NOW.minusSeconds(5), null, null);
    Actions waiting = ScalePlan.plan(1, List.of(old, startingSuccessor), NOW, LEAD, true);
    assertEquals(new Actions(0, List.of(), List.of()), waiting);

    Live readySuccessor =
        new Live(
            successorId,
            ReplicaState.READY,
            NOW.minusSeconds(5),
            NOW.plus(Duration.ofHours(1)),
            null);
    Actions handOver = ScalePlan.plan(1, List.of(old, readySuccessor), NOW, LEAD, true);
    assertEquals(List.of(old.id()), handOver.drain());
    assertEquals(0, handOver.submit());
  }

  @Test
  void noRenewalWhenScalingDown() {
    Live expiring =
        new Live(
            UUID.randomUUID(),
            ReplicaState.READY,
            NOW.minusSeconds(3000),
            NOW.plus(Duration.ofMinutes(4)),
            null);
    Actions actions = ScalePlan.plan(0, List.of(expiring), NOW, LEAD, true);
    assertEquals(List.of(), actions.renew());
    assertEquals(List.of(expiring.id()), actions.drain());
  }

  @Test
  void renewalLeadIsAtMostHalfTheTimeLimit() {
    assertEquals(Duration.ofSeconds(30), ScalePlan.renewalLead(Duration.ofMinutes(10), 1));
    assertEquals(Duration.ofMinutes(10), ScalePlan.renewalLead(Duration.ofMinutes(10), 240));
  }

  static Live outdated(ReplicaState state, UUID successor) {
    return new Live(
        UUID.randomUUID(),
        state,
        NOW.minusSeconds(100),
        NOW.plus(Duration.ofHours(1)),
        successor,
        true);
  }

  @Test
  void aReadyReplicaOfAnOlderDefinitionGetsASuccessorAndServesUntilItIsReady() {
    Live old = outdated(ReplicaState.READY, null);
    assertEquals(
        new Actions(0, List.of(old.id()), List.of()),
        ScalePlan.plan(1, List.of(old), NOW, LEAD, true));

    Live successor = live(ReplicaState.STARTING, 1);
    Live waiting = outdated(ReplicaState.READY, successor.id());
    assertEquals(
        new Actions(0, List.of(), List.of()),
        ScalePlan.plan(1, List.of(waiting, successor), NOW, LEAD, true),
        "the old one keeps serving while its successor starts");

    Live ready = live(ReplicaState.READY, 1);
    Live replaced = outdated(ReplicaState.READY, ready.id());
    assertEquals(
        new Actions(0, List.of(), List.of(replaced.id())),
        ScalePlan.plan(1, List.of(replaced, ready), NOW, LEAD, true));
  }

  @Test
  void aReplicaOfAnOlderDefinitionNotServingYetIsStartedAnew() {
    Live queued = outdated(ReplicaState.PENDING, null);
    Live starting = outdated(ReplicaState.STARTING, null);
    assertEquals(
        new Actions(2, List.of(), List.of(queued.id(), starting.id())),
        ScalePlan.plan(2, List.of(queued, starting), NOW, LEAD, true));
  }

  @Test
  void duringABackoffAnOldReadyReplicaKeepsServing() {
    Live old = outdated(ReplicaState.READY, null);
    assertEquals(
        new Actions(0, List.of(), List.of()), ScalePlan.plan(1, List.of(old), NOW, LEAD, false));
  }
}
