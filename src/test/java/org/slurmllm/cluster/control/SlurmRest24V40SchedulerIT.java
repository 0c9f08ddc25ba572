package org.slurmllm.cluster.control;

import org.junit.jupiter.api.Test;

/**
 * The contract against Slurm 24.11's slurmrestd spoken in API v0.0.40, the oldest of its versions:
 * its cancel answers nothing about the job, so the scheduler reads the job to be sure.
 */
class SlurmRest24V40SchedulerIT extends SchedulerContract {

  final Scheduler scheduler = Slurm24.rest(new SlurmRest40Format("v0.0.40"));

  @Override
  Scheduler scheduler() {
    return scheduler;
  }

  @Test
  void aSameNamedJobOfAnotherUserIsNeitherListedNorCancelled() throws Exception {
    ForeignJobs.areNotOurs(
        this,
        ForeignJobs.otherUser(Slurm24.REST, Slurm24.JWT_KEY, new SlurmRest40Format("v0.0.40")));
  }
}
