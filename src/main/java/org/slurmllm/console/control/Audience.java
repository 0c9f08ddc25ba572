package org.slurmllm.console.control;

import org.slurmllm.access.entity.Principal;
import org.slurmllm.access.entity.Role;
import org.slurmllm.console.entity.Change;

/**
 * Who may see a change, by the same rules as the read APIs: models and replicas are for admins and
 * auditors (a tenant's auditor sees the models its tenant may use), batches and tribunals for
 * whoever sees their tenant.
 */
public final class Audience {

  private Audience() {}

  public static boolean sees(Principal p, Change c) {
    return switch (c.kind()) {
      case "model", "replica" ->
          p.role() != Role.USER
              && (p.seesAllTenants()
                  || c.tenants() == null
                  || c.tenants().contains(p.tenantName()));
      default -> p.sees(c.tenantId());
    };
  }
}
