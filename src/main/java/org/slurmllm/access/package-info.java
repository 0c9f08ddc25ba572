/**
 * Who may call: API keys, tenants, roles and each key's limits.
 *
 * <h2>Owns</h2>
 *
 * The tables {@code api_keys} and {@code tenants} (a key's {@code tokens_used} is raised by the
 * usage ledger of {@code history}, which says why under its Shares); the keys in memory ({@code
 * KeyDirectory}), authentication of every request but health, role checks and the per-key token
 * buckets.
 *
 * <h2>Publishes</h2>
 *
 * {@link org.slurmllm.access.boundary.Caller} (who is calling), {@link
 * org.slurmllm.access.boundary.KeyCheck} (the gateway's key check on its I/O thread), {@link
 * org.slurmllm.access.boundary.KeyAllowances} (charge tokens, may accepted work go on), {@link
 * org.slurmllm.access.boundary.TenantNames} (which tenants exist, their names and ids), {@link
 * org.slurmllm.access.boundary.KeyOwners} (whose a key is), {@link
 * org.slurmllm.access.boundary.Allowed} and {@link org.slurmllm.access.boundary.AccessDenied}; the
 * entities {@code Principal}, {@code Role}, {@code ContentPolicy}; the event {@link
 * org.slurmllm.access.entity.AccessChanged}, fired for every change of a key or tenant (the history
 * feature audits it), and {@link org.slurmllm.access.entity.TenantDeletion}, fired before a tenant
 * is deleted so that features whose data still needs it can refuse.
 *
 * <h2>Uses</h2>
 *
 * {@code fleet} (each gateway's share of the per-minute limits). Nothing else: every other feature
 * uses access, so access uses none of them.
 */
package org.slurmllm.access;
