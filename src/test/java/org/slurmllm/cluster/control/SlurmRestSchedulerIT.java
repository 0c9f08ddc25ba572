package org.slurmllm.cluster.control;

import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/** The contract against slurmrestd on the development cluster (slurm/dev-cluster/start). */
class SlurmRestSchedulerIT extends SchedulerContract {

  static final URI REST =
      URI.create(System.getProperty("it.slurmrestd.url", "http://127.0.0.1:6820"));
  static final Path JWT_KEY =
      Path.of(System.getProperty("it.slurm.jwt.key", "/etc/slurm/jwt_hs256.key"));

  final Scheduler scheduler =
      new SlurmRestScheduler(
          REST, JWT_KEY, System.getProperty("user.name"), SchedulerProducer.jobEnvironment());

  @Override
  Scheduler scheduler() {
    return scheduler;
  }

  @Test
  void slurm2205ServesOnlyTheOldVersion() {
    Assertions.assertEquals("v0.0.38", scheduler.describe().apiVersion());
  }

  @Test
  void aSameNamedJobOfAnotherUserIsNeitherListedNorCancelled() throws Exception {
    ForeignJobs.areNotOurs(this, ForeignJobs.otherUser(REST, JWT_KEY, null));
  }
}
