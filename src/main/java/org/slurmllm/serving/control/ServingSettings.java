package org.slurmllm.serving.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.slurmllm.cluster.boundary.SharedDirectory;

/** The serving settings (environment variables SLURMLLM_..., see the README). */
@ApplicationScoped
public class ServingSettings {

  private static final Logger LOG = Logger.getLogger(ServingSettings.class.getName());

  @Inject SharedDirectory shared;

  @Inject
  @ConfigProperty(name = "slurmllm.llamacpp.server", defaultValue = "worker")
  String llamacppServer;

  @Inject
  @ConfigProperty(name = "slurmllm.containers.conf")
  Optional<String> containersConf;

  @Inject
  @ConfigProperty(name = "slurmllm.reconcile.interval.ms", defaultValue = "2000")
  long reconcileIntervalMs;

  @Inject
  @ConfigProperty(name = "slurmllm.reconcile.fast.interval.ms", defaultValue = "100")
  long reconcileFastIntervalMs;

  @Inject
  @ConfigProperty(name = "slurmllm.probe.interval.ms", defaultValue = "5000")
  long probeIntervalMs;

  @Inject
  @ConfigProperty(name = "slurmllm.start.timeout.seconds", defaultValue = "900")
  long startTimeoutSeconds;

  @Inject
  @ConfigProperty(name = "slurmllm.pending.timeout.seconds", defaultValue = "3600")
  long pendingTimeoutSeconds;

  @Inject
  @ConfigProperty(name = "slurmllm.probe.failures", defaultValue = "3")
  int probeFailures;

  @Inject
  @ConfigProperty(name = "slurmllm.probe.timeout.ms", defaultValue = "2000")
  long probeTimeoutMs;

  @Inject
  @ConfigProperty(name = "slurmllm.drain.timeout.seconds", defaultValue = "120")
  long drainTimeoutSeconds;

  @Inject
  @ConfigProperty(name = "slurmllm.renewal.lead.seconds", defaultValue = "600")
  long renewalLeadSeconds;

  @Inject
  @ConfigProperty(name = "slurmllm.backoff.failures", defaultValue = "3")
  int backoffFailures;

  @Inject
  @ConfigProperty(name = "slurmllm.backoff.base.seconds", defaultValue = "30")
  long backoffBaseSeconds;

  @Inject
  @ConfigProperty(name = "slurmllm.backoff.max.seconds", defaultValue = "900")
  long backoffMaxSeconds;

  /** The directory every node sees: rendezvous files, job logs, the worker jar. */
  public Path sharedDir() {
    return shared.root();
  }

  /**
   * Makes the directories jobs write to, with the shared directory's modes. SLURM fails a job whose
   * output file cannot be opened (JobLaunchFailure), so they exist before the first submission.
   * While the shared directory is unsafe this only logs: nothing is submitted then either.
   */
  public void prepareJobDirectories() {
    try {
      shared.directory(rendezvousDir(), true);
      shared.directory(logDir(), true);
    } catch (RuntimeException e) {
      LOG.warning(() -> "no job directories in " + sharedDir() + ": " + e.getMessage());
    }
  }

  public Path rendezvousDir() {
    return sharedDir().resolve("replicas");
  }

  public Path logDir() {
    return sharedDir().resolve("logs");
  }

  public Path workerJar() {
    return shared.workerJar();
  }

  /**
   * The containers.conf podman uses in jobs (CONTAINERS_CONF), when the nodes' own configuration is
   * not the one to use; empty: podman's default.
   */
  public String containersConf() {
    return containersConf.orElse("");
  }

  /** {@code worker} (the project's, in-process llama.cpp) or {@code llama-server}. */
  public String llamacppServer() {
    return llamacppServer;
  }

  public Duration reconcileInterval() {
    return Duration.ofMillis(reconcileIntervalMs);
  }

  /** How often to look while replicas are queued, starting or draining. */
  public Duration reconcileFastInterval() {
    return Duration.ofMillis(reconcileFastIntervalMs);
  }

  public Duration probeInterval() {
    return Duration.ofMillis(probeIntervalMs);
  }

  public ReplicaLifecycle.Limits limits() {
    return new ReplicaLifecycle.Limits(
        Duration.ofSeconds(startTimeoutSeconds),
        probeFailures,
        Duration.ofSeconds(drainTimeoutSeconds),
        Duration.ofSeconds(pendingTimeoutSeconds));
  }

  public Duration probeTimeout() {
    return Duration.ofMillis(probeTimeoutMs);
  }

  public Duration renewalLead() {
    return Duration.ofSeconds(renewalLeadSeconds);
  }

  public Backoff.Rule backoff() {
    return new Backoff.Rule(
        backoffFailures,
        Duration.ofSeconds(backoffBaseSeconds),
        Duration.ofSeconds(backoffMaxSeconds));
  }
}
