package org.slurmllm.cluster.control;

/**
 * The user slurmrestd acts for and the JWT that proves it: signed here with the cluster's key
 * ({@link SlurmJwt}, for development) or made by the site for the service's user ({@link
 * SlurmTokenFile}).
 */
interface SlurmToken {

  /** The user the jobs run as, and whose jobs the scheduler may see and cancel. */
  String user();

  /**
   * A token valid now.
   *
   * @throws org.slurmllm.cluster.entity.SchedulerUnavailableException if there is none (a token
   *     file missing, unreadable or expired), saying what to do
   */
  String token();
}
