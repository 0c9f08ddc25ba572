package org.slurmllm.bulk.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.slurmllm.bulk.entity.BatchChunk;
import org.slurmllm.bulk.entity.BatchChunk.State;

class ChunkTransitionsTest {

  @Test
  void everyStateHasItsMoves() {
    assertEquals(EnumSet.allOf(State.class), ChunkTransitions.NEXT.keySet());
  }

  @Test
  void aChunkStartsPendingAndGoesThroughItsJob() {
    assertEquals(State.PENDING, ChunkTransitions.FIRST);
    assertTrue(ChunkTransitions.allowed(State.PENDING, State.SUBMITTED));
    assertTrue(ChunkTransitions.allowed(State.SUBMITTED, State.RUNNING));
    assertTrue(ChunkTransitions.allowed(State.RUNNING, State.DONE));
  }

  @Test
  void aJobThatEndsWithoutAnswersSendsTheChunkBackToPending() {
    assertTrue(ChunkTransitions.allowed(State.SUBMITTED, State.PENDING));
    assertTrue(ChunkTransitions.allowed(State.RUNNING, State.PENDING));
    assertTrue(ChunkTransitions.allowed(State.PENDING, State.PENDING), "a refused submission");
    assertTrue(ChunkTransitions.allowed(State.RUNNING, State.RUNNING), "noted after a restart");
  }

  @Test
  void everyLiveChunkMayEndOrBeCancelled() {
    for (State live : Set.of(State.PENDING, State.SUBMITTED, State.RUNNING)) {
      for (State end : Set.of(State.DONE, State.FAILED, State.CANCELLED)) {
        assertTrue(ChunkTransitions.allowed(live, end), live + " -> " + end);
      }
    }
  }

  @Test
  void anEndedChunkMovesNoMore() {
    for (State to : State.values()) {
      assertFalse(ChunkTransitions.allowed(State.DONE, to), "DONE -> " + to);
      assertFalse(ChunkTransitions.allowed(State.FAILED, to), "FAILED -> " + to);
    }
    assertTrue(ChunkTransitions.ended(State.DONE));
    assertTrue(ChunkTransitions.ended(State.FAILED));
    assertFalse(ChunkTransitions.ended(State.CANCELLED));
  }

  @Test
  void aCancelledChunkIsOnlyCancelledAgain() {
    assertEquals(EnumSet.of(State.CANCELLED), ChunkTransitions.NEXT.get(State.CANCELLED));
  }

  @Test
  void nothingGoesBackToSubmittedButAJobOrARequeue() {
    for (State from : State.values()) {
      assertEquals(
          from == State.PENDING || from == State.RUNNING,
          ChunkTransitions.allowed(from, State.SUBMITTED),
          from + " -> SUBMITTED");
    }
  }

  @Test
  void aRefusedMoveIsRaisedAndChangesNothing() {
    BatchChunk c = new BatchChunk();
    c.batchId = "batch_x";
    c.state = State.DONE;
    IllegalStateException refused =
        assertThrows(
            IllegalStateException.class,
            () -> ChunkTransitions.apply(c, State.RUNNING, null, x -> x.node = "n1"));
    assertTrue(refused.getMessage().contains("DONE -> RUNNING"), refused.getMessage());
    assertEquals(State.DONE, c.state);
    assertEquals(null, c.node);
  }
}
