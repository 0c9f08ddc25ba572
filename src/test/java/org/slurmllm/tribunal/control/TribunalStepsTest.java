package org.slurmllm.tribunal.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.UUID;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.slurmllm.routing.boundary.ModelCalls.CallFailed;

class TribunalStepsTest {

  @Test
  void aFailedCallIsRecordedWithTheStatusItEndedWith() {
    UUID replica = UUID.randomUUID();
    CompletionException refused =
        new CompletionException(
            new CallFailed("status 400: context_length_exceeded", replica, 400));
    assertEquals(400, TribunalSteps.status(refused), "the replica's 4xx, not 502");
    assertEquals(replica, TribunalSteps.replicaOf(refused));
    assertEquals(429, TribunalSteps.status(new CallFailed("queue full", null, 429)));
    assertEquals(
        502,
        TribunalSteps.status(new CompletionException(new IllegalStateException("reset"))),
        "a failure that is no call's answer: the gateway's 502");
  }
}
