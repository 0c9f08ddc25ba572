package org.slurmllm.cluster.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class JobStateTest {

  @Test
  void slurmWordsAndCodesMapToOneEnum() {
    assertEquals(JobState.PENDING, JobState.fromSlurm("PENDING"));
    assertEquals(JobState.PENDING, JobState.fromSlurm("PD"));
    assertEquals(JobState.RUNNING, JobState.fromSlurm("RUNNING"));
    assertEquals(JobState.COMPLETING, JobState.fromSlurm("CG"));
    assertEquals(JobState.CANCELLED, JobState.fromSlurm("CANCELLED by 0"));
    assertEquals(JobState.TIMEOUT, JobState.fromSlurm("TIMEOUT"));
    assertEquals(JobState.OUT_OF_MEMORY, JobState.fromSlurm("OUT_OF_MEMORY"));
    assertEquals(JobState.FAILED, JobState.fromSlurm("BOOT_FAIL"));
    assertEquals(JobState.NODE_FAIL, JobState.fromSlurm("node_fail"));
    assertEquals(JobState.UNKNOWN, JobState.fromSlurm(""));
    assertEquals(JobState.UNKNOWN, JobState.fromSlurm("SOMETHING_NEW"));
  }

  @Test
  void terminalAndActive() {
    assertFalse(JobState.PENDING.isTerminal());
    assertFalse(JobState.COMPLETING.isTerminal());
    assertTrue(JobState.COMPLETED.isTerminal());
    assertTrue(JobState.UNKNOWN.isTerminal());
    assertTrue(JobState.RUNNING.isActive());
    assertFalse(JobState.PENDING.isActive());
  }
}
