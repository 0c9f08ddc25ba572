/**
 * The gateways sharing one database.
 *
 * <h2>Owns</h2>
 *
 * The table {@code gateways}: each gateway's heartbeat, and which gateways are alive.
 *
 * <h2>Publishes</h2>
 *
 * {@link org.slurmllm.fleet.boundary.Fleet}: this gateway's id and its share of a limit that holds
 * for all gateways together (per-minute limits, a replica's concurrency).
 *
 * <h2>Uses</h2>
 *
 * No feature: it is the bottom of the graph.
 */
package org.slurmllm.fleet;
