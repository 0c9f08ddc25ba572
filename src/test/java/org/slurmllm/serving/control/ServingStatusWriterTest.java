package org.slurmllm.serving.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class ServingStatusWriterTest {

  @Test
  void whatARefusedJobAskedForIsNotInTheFailureEveryCallerReads() {
    String reason =
        "the scheduler rejected the job: Invalid feature specification"
            + ModelScaling.JOB_ASKED
            + "partition gpu, 1 GPU(s), 8 CPU(s), 65536 MB, 240 min, account secret-project";
    assertEquals(
        "the scheduler rejected the job: Invalid feature specification",
        ServingStatusWriter.withoutInternals(reason));
    assertEquals(
        "health probe failed", ServingStatusWriter.withoutInternals("health probe failed"));
    assertNull(ServingStatusWriter.withoutInternals(null));
  }
}
