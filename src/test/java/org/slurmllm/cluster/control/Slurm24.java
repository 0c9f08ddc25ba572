package org.slurmllm.cluster.control;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Where the Slurm 24.11 development cluster is (slurm/dev-cluster/start --slurm 24.11, started by
 * bin/slurm-llm test): its slurmrestd, its JWT key and its own commands.
 */
final class Slurm24 {

  static final String ROOT =
      System.getProperty("it.slurm24.root", "/var/lib/slurm-llm-dev/slurm-24.11");
  static final URI REST = URI.create(System.getProperty("it.slurm24.url", "http://127.0.0.1:6920"));
  static final Path JWT_KEY = Path.of(ROOT, "etc", "slurm", "jwt_hs256.key");
  static final Path BIN = Path.of(ROOT, ".slurm-llm", "bin");

  private Slurm24() {}

  static SlurmRestScheduler rest(RestFormat format) {
    return new SlurmRestScheduler(
        REST,
        new SlurmJwt(JWT_KEY, System.getProperty("user.name"), Clock.systemUTC()),
        false,
        SchedulerProducer.jobEnvironment(),
        format);
  }
}
