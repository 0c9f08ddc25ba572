package org.slurmllm.cluster.control;

import org.junit.jupiter.api.Test;

/** The contract against SLURM's command-line tools on the development cluster. */
class SlurmCliSchedulerIT extends SchedulerContract {

  final Scheduler scheduler = new SlurmCliScheduler(SchedulerProducer.jobEnvironment());

  @Override
  Scheduler scheduler() {
    return scheduler;
  }

  @Override
  boolean testsJobs() {
    return true;
  }

  @Test
  void aSameNamedJobOfAnotherUserIsNeitherListedNorCancelled() throws Exception {
    ForeignJobs.areNotOurs(
        this, ForeignJobs.otherUser(SlurmRestSchedulerIT.REST, SlurmRestSchedulerIT.JWT_KEY, null));
  }
}
