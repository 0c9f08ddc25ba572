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
 * {@code access} (caller and tenant scoping, charging a key's allowances, tenants' names and whose
 * a key is).
 *
 * <h2>Shares</h2>
 *
 * Tables of other features its SQL names on purpose. {@code api_keys} (access's): the ledger's
 * writer raises a key's {@code tokens_used} in the transaction that inserts its usage records, so
 * that a key's used tokens are always the sum of its records written, once each even when a batch
 * of them is written again after a failure, and no write happens on a request thread. {@code
 * replicas} (serving's): the same insert reads a replica's {@code job_id} for a record that names
 * only its replica, so that routing records usage without a lookup on the request thread. {@code
 * tenants} and {@code api_keys} again: {@code UsageSeries} groups a series by their names, and
 * orders it by them, in the query that computes each group's percentiles (labelled outside the
 * database, the groups of a bucket would sort in Java's order rather than the database's).
 */
package org.slurmllm.history;
