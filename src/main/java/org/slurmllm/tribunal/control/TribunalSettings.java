package org.slurmllm.tribunal.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.slurmllm.fleet.boundary.Fleet;
import org.slurmllm.tribunal.entity.TribunalLimits;

/** The bounds on tribunals (environment variables SLURMLLM_TRIBUNAL_..., see the README). */
@ApplicationScoped
public class TribunalSettings {

  @Inject Fleet fleet;

  @Inject
  @ConfigProperty(name = "slurmllm.tribunal.queue", defaultValue = "64")
  int queue;

  @Inject
  @ConfigProperty(name = "slurmllm.tribunal.max.per.key", defaultValue = "4")
  int maxPerKey;

  @Inject
  @ConfigProperty(name = "slurmllm.tribunal.max.prompt.bytes", defaultValue = "262144")
  int maxPromptBytes;

  @Inject
  @ConfigProperty(name = "slurmllm.tribunal.max.panel", defaultValue = "8")
  int maxPanel;

  @Inject
  @ConfigProperty(name = "slurmllm.tribunal.max.rounds", defaultValue = "5")
  int maxRounds;

  /** Tribunals that may wait for a runner thread on this gateway. */
  public int queue() {
    return queue;
  }

  /** This gateway's share of the tribunals a key may hold on all gateways together. */
  public int maxPerKey() {
    return fleet.share(maxPerKey);
  }

  public TribunalLimits limits() {
    return new TribunalLimits(maxPromptBytes, maxPanel, maxRounds);
  }
}
