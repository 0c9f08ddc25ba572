package org.slurmllm.tribunal.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slurmllm.access.boundary.KeyAllowances;
import org.slurmllm.history.boundary.UsageLedger;
import org.slurmllm.history.entity.UsageRecord;
import org.slurmllm.tribunal.entity.TribunalStep;

/**
 * What a running tribunal costs its owner: every step is charged to the ledger under the key and
 * tenant that asked for the tribunal, and a key that may spend no more stops it before its next
 * round. The owner is remembered from {@link #open} to {@link #close} so that a step ending on a
 * model call's thread needs no read of the tribunal.
 */
@ApplicationScoped
public class TribunalCharges {

  @Inject UsageLedger ledger;
  @Inject KeyAllowances keys;

  /** Whose tribunal it is: its steps are charged to this key and tenant. */
  private record Owner(Long keyId, Long tenantId) {}

  private final Map<String, Owner> owners = new ConcurrentHashMap<>();

  void open(String id, Long keyId, Long tenantId) {
    owners.put(id, new Owner(keyId, tenantId));
  }

  void close(String id) {
    owners.remove(id);
  }

  /** Why the tribunal's key may spend no more, or null if it may (or the tribunal has no owner). */
  String stopReason(String id) {
    Owner owner = owners.get(id);
    return owner == null ? null : keys.stopReason(owner.keyId());
  }

  /**
   * Records the step's tokens in the ledger, which charges them to the owner's key, with the status
   * its call ended with (200 for an answer, even one the tribunal could not use).
   */
  void charge(String id, TribunalStep step, int status) {
    Owner owner = owners.get(id);
    ledger.record(
        new UsageRecord(
            Instant.now(),
            owner == null ? null : owner.keyId(),
            owner == null ? null : owner.tenantId(),
            "tribunal",
            step.model,
            step.replicaId,
            null,
            id,
            step.promptTokens == null ? 0 : step.promptTokens,
            step.completionTokens == null ? 0 : step.completionTokens,
            step.latencyMs == null ? null : step.latencyMs.intValue(),
            null,
            status,
            null,
            null,
            null,
            null,
            null));
  }
}
