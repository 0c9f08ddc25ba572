package org.slurmllm.cluster.entity;

/**
 * The scheduler refused a job outright (unknown partition, resources no node can satisfy, ...); the
 * message is the scheduler's own reason. Retrying the same request will not help.
 */
public class SubmitRejectedException extends RuntimeException {
  public SubmitRejectedException(String reason) {
    super(reason);
  }
}
