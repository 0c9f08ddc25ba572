package org.slurmllm.serving.entity;

/**
 * PENDING (job queued) -> STARTING (job running, server loading) -> READY (probe passed, receives
 * traffic) -> DRAINING (no new requests) -> STOPPED; any state -> FAILED, reason kept.
 */
public enum ReplicaState {
  PENDING,
  STARTING,
  READY,
  DRAINING,
  STOPPED,
  FAILED;

  public boolean isLive() {
    return this != STOPPED && this != FAILED;
  }
}
