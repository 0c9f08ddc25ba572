package org.slurmllm.cluster.control;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
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
  @ConfigProperty(name = "slurmllm.slurm.token.file")
  Optional<String> tokenFile;

  @Inject
  @ConfigProperty(name = "slurmllm.slurmrestd.trusted.network", defaultValue = "false")
  boolean trustedNetwork;

  @Inject
  @ConfigProperty(name = "slurmllm.slurm.user")
  Optional<String> user;

  @Inject
  @ConfigProperty(name = "slurmllm.slurm.bin")
  Optional<String> slurmBin;

  @Inject
  @ConfigProperty(name = "slurmllm.local.gpus", defaultValue = "4")
  int localGpus;

  /** Where the local launcher records its jobs' processes ({@code bin/slurm-llm down} reads it). */
  @Inject
  @ConfigProperty(name = "slurmllm.local.jobs.dir")
  Optional<String> localJobsDir;

  @Inject Meters meters;

  private LocalScheduler local;

  @Produces
  @ApplicationScoped
  Scheduler scheduler() {
    Map<String, String> env = jobEnvironment();
    Scheduler scheduler =
        switch (kind) {
          case "rest" ->
              new SlurmRestScheduler(URI.create(restUrl), token(), trustedNetwork, env, null);
          case "cli" -> new SlurmCliScheduler(env, slurmBin.map(Path::of).orElse(null));
          case "local" ->
              local =
                  new LocalScheduler(
                      Runtime.getRuntime().availableProcessors(),
                      localGpus,
                      physicalMemoryMb(),
                      env,
                      localJobsDir
                          .map(Path::of)
                          .orElseGet(
                              () ->
                                  Path.of(
                                      System.getProperty(
                                          "jboss.server.data.dir",
                                          System.getProperty("java.io.tmpdir")),
                                      "local-jobs")));
          default ->
              throw new IllegalStateException(
                  "SLURMLLM_SCHEDULER must be local, cli or rest, not '" + kind + "'");
        };
    LOG.info(() -> "scheduler: " + scheduler.kind());
    scheduler
        .settingsRefused()
        .ifPresent(reason -> LOG.severe("the scheduler sends nothing to the cluster: " + reason));
    return new MeteredScheduler(scheduler, meters);
  }

  /**
   * The site's token for the service's user when a token file is set (the gateway then holds no key
   * that could sign for anyone else), else one signed with the cluster's key (development).
   */
  private SlurmToken token() {
    String jobUser = user.orElse(System.getProperty("user.name"));
    if (tokenFile.isPresent() && !tokenFile.get().isBlank()) {
      LOG.info(() -> "slurmrestd token: the site's, from " + tokenFile.get());
      return new SlurmTokenFile(Path.of(tokenFile.get()), jobUser, Clock.systemUTC());
    }
    return new SlurmJwt(Path.of(jwtKey), jobUser, Clock.systemUTC());
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
