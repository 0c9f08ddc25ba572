/**
 * MicroProfile Health: liveness, and readiness of the database and the scheduler.
 *
 * <h2>Owns</h2>
 *
 * The health checks; no table.
 *
 * <h2>Publishes</h2>
 *
 * Nothing another feature uses.
 *
 * <h2>Uses</h2>
 *
 * {@code cluster} (whether the scheduler answers).
 */
package org.slurmllm.health;
