package org.slurmllm.access.entity;

/**
 * A key or a tenant was made, changed or revoked: fired in the transaction of the change, so an
 * observer that writes the audit log commits or rolls back with it. Access announces its changes
 * instead of writing the audit log itself: the history feature, which reads the caller from access,
 * records them, and the two never depend on each other both ways.
 *
 * @param actor who did it (a key's name, or the bootstrap variable)
 * @param action {@code key.create}, {@code key.update}, {@code key.revoke}, {@code key.reinstate},
 *     {@code tenant.create}, {@code tenant.update}, {@code tenant.delete}
 * @param targetType {@code key} or {@code tenant}
 * @param before the object as the API showed it before, or null
 * @param after the object as the API shows it now, or null
 * @param tenantId the tenant the object belongs to (its auditors may read the entry), or null
 */
public record AccessChanged(
    String actor,
    String action,
    String targetType,
    String targetId,
    Object before,
    Object after,
    Long tenantId) {}
