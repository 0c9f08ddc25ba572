package org.slurmllm.access.entity;

/**
 * The key a request was made with, as the rest of the application needs it: who (for the audit log
 * and the usage ledger), which role, which tenant and what the tenant lets us keep, and where its
 * requests stand in a busy model's queue.
 */
public record Principal(
    long keyId,
    String keyName,
    String prefix,
    Role role,
    Long tenantId,
    String tenantName,
    ContentPolicy policy,
    QueueRights rights) {

  /** Admins, and auditors without a tenant, see every tenant's data. */
  public boolean seesAllTenants() {
    return role == Role.ADMIN || tenantId == null;
  }

  /** The tenant lists are limited to: the caller's own, or null (every tenant's) if it sees all. */
  public Long tenantFilter() {
    return seesAllTenants() ? null : tenantId;
  }

  /** Whether an object owned by this tenant (null: made by a key without tenant) is visible. */
  public boolean sees(Long ownerTenantId) {
    return seesAllTenants() || tenantId.equals(ownerTenantId);
  }

  /** How the audit log names this caller: the key's name and visible prefix, never the key. */
  public String actor() {
    String actor = keyName + " (" + prefix + "...)";
    return actor.length() <= 128 ? actor : actor.substring(0, 128); // the audit log's column
  }
}
