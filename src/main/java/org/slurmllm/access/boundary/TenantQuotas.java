package org.slurmllm.access.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.OptionalLong;
import org.slurmllm.access.control.Tenants;

/** What a tenant may hold, for the features that hold things for it (files). */
@ApplicationScoped
public class TenantQuotas {

  @Inject Tenants tenants;

  /** Most bytes the tenant's files may take together; empty when it has no quota. */
  public OptionalLong storageBytes(long tenantId) {
    return tenants
        .find(tenantId)
        .filter(t -> t.storageQuotaBytes != null)
        .map(t -> OptionalLong.of(t.storageQuotaBytes))
        .orElse(OptionalLong.empty());
  }
}
