package org.slurmllm.cluster.control;

import org.junit.jupiter.api.Test;

/**
 * The contract against Slurm 24.11's own command-line tools (the chroot's, through the wrappers
 * slurm/dev-cluster/slurm-24.11 makes: the machine's 22.05 tools cannot talk to a 24.11
 * controller).
 */
class SlurmCli24SchedulerIT extends SchedulerContract {

  final Scheduler scheduler =
      new SlurmCliScheduler(SchedulerProducer.jobEnvironment(), Slurm24.BIN);

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
    ForeignJobs.areNotOurs(this, ForeignJobs.otherUser(Slurm24.REST, Slurm24.JWT_KEY, null));
  }
}
