/**
 * What happened: the usage ledger and the audit log.
 *
 * <h2>Owns</h2>
 *
 * The tables {@code usage_records} and {@code audit_log}; the ledger's queue and its writer (no
 * database write on a request thread); {@code /api/usage} (records, series, CSV) and {@code
 * /api/audit}.
 *
 * <h2>Publishes</h2>
 *
 * {@link org.slurmllm.history.boundary.UsageLedger} (hand in a record), {@link
 * org.slurmllm.history.boundary.AuditLog} (an entry in the caller's transaction); the entities
 * {@code UsageRecord} and {@code TokenCounts}. It observes {@code access}'s {@code AccessChanged}
 * and audits it.
 *
 * <h2>Uses</h2>
 *
 * {@code access} (caller and tenant scoping, charging a key's allowances).
 */
package org.slurmllm.history;
