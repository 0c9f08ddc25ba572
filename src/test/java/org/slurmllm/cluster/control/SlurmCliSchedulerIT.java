package org.slurmllm.cluster.control;

/** The contract against SLURM's command-line tools on the development cluster. */
class SlurmCliSchedulerIT extends SchedulerContract {

  final Scheduler scheduler = new SlurmCliScheduler(SchedulerProducer.jobEnvironment());

  @Override
  Scheduler scheduler() {
    return scheduler;
  }
}
