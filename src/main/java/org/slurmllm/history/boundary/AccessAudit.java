package org.slurmllm.history.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.slurmllm.access.entity.AccessChanged;

/**
 * Writes the audit entry of each change to keys and tenants. The observer is synchronous: it runs
 * in the transaction of the change, as the audit log's contract wants.
 */
@ApplicationScoped
public class AccessAudit {

  @Inject AuditLog audit;

  void record(@Observes AccessChanged c) {
    audit.record(
        c.actor(), c.action(), c.targetType(), c.targetId(), c.before(), c.after(), c.tenantId());
  }
}
