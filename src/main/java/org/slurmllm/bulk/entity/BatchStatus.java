package org.slurmllm.bulk.entity;

/** OpenAI's batch statuses, in their wire spelling. */
public enum BatchStatus {
  validating,
  failed,
  in_progress,
  finalizing,
  completed,
  expired,
  cancelling,
  cancelled;

  public boolean terminal() {
    return this == failed || this == completed || this == expired || this == cancelled;
  }
}
