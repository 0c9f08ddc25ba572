package org.slurmllm.tribunal.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;
import org.slurmllm.tribunal.control.TribunalRunner;
import org.slurmllm.tribunal.control.TribunalSettings;
import org.slurmllm.tribunal.entity.Tribunal;
import org.slurmllm.tribunal.entity.TribunalLimits;
import org.slurmllm.tribunal.entity.TribunalRequest;

/** Tribunals run for another feature: the tribunal lines of a batch. */
@ApplicationScoped
public class Tribunals {

  @Inject TribunalRunner runner;
  @Inject TribunalSettings settings;

  /** How big a tribunal may be (a batch's lines are checked against it as they are read). */
  public TribunalLimits limits() {
    return settings.limits();
  }

  /**
   * Runs a tribunal for the key and tenant that own the work, recorded as any other.
   *
   * @return completes with the tribunal's final record
   */
  public CompletableFuture<Tribunal> run(TribunalRequest request, Long keyId, Long tenantId) {
    return runner.submit(request, keyId, tenantId);
  }
}
