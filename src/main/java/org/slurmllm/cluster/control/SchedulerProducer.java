package org.slurmllm.cluster.control;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.slurmllm.metrics.Meters;

/**
 * Chooses the scheduler implementation from the settings ({@code SLURMLLM_SCHEDULER}: {@code
 * local}, {@code cli} or {@code rest}) and gives jobs a clean, minimal environment.
 */
@ApplicationScoped
public class SchedulerProducer {

  private static final Logger LOG = Logger.getLogger(SchedulerProducer.class.getName());

  @Inject
  @ConfigProperty(name = "slurmllm.scheduler", defaultValue = "local")
  String kind;

  @Inject
  @ConfigProperty(name = "slurmllm.slurmrestd.url", defaultValue = "http://127.0.0.1:6820")
  String restUrl;

  @Inject
  @ConfigProperty(name = "slurmllm.slurm.jwt.key", defaultValue = "/etc/slurm/jwt_hs256.key")
  String jwtKey;

  @Inject
  @ConfigProperty(name = "slurmllm.slurm.user")
  Optional<String> user;

  @Inject
  @ConfigProperty(name = "slurmllm.slurm.bin")
  Optional<String> slurmBin;

  @Inject
  @ConfigProperty(name = "slurmllm.local.gpus", defaultValue = "4")
  int localGpus;

  @Inject Meters meters;

  private LocalScheduler local;

  @Produces
  @ApplicationScoped
  Scheduler scheduler() {
    Map<String, String> env = jobEnvironment();
    Scheduler scheduler =
        switch (kind) {
          case "rest" ->
              new SlurmRestScheduler(
                  URI.create(restUrl),
                  Path.of(jwtKey),
                  user.orElse(System.getProperty("user.name")),
                  env);
          case "cli" -> new SlurmCliScheduler(env, slurmBin.map(Path::of).orElse(null));
          case "local" ->
              local =
                  new LocalScheduler(
                      Runtime.getRuntime().availableProcessors(),
                      localGpus,
                      physicalMemoryMb(),
                      env);
          default ->
              throw new IllegalStateException(
                  "SLURMLLM_SCHEDULER must be local, cli or rest, not '" + kind + "'");
        };
    LOG.info(() -> "scheduler: " + scheduler.kind());
    return new MeteredScheduler(scheduler, meters);
  }

  @PreDestroy
  void stopLocalJobs() {
    if (local != null) {
      local.shutdown();
    }
  }

  /**
   * What a job sees of the gateway's environment: a PATH that finds this JVM's java (for the
   * worker) and the usual tools, HOME and a UTF-8 locale. Nothing else: no database password.
   */
  static Map<String, String> jobEnvironment() {
    String javaBin = Path.of(System.getProperty("java.home"), "bin").toString();
    return Map.of(
        "PATH",
        javaBin + ":/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        "HOME",
        System.getProperty("user.home"),
        "LANG",
        "C.UTF-8");
  }

  /** The machine's memory from /proc/meminfo (Linux), or 4 GB where that cannot be read. */
  static long physicalMemoryMb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      // not Linux: fall through
    }
    return 4096;
  }
}
