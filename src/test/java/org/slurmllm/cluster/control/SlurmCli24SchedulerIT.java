package org.slurmllm.cluster.control;

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
}
