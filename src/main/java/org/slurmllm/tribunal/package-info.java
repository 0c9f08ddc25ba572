/**
 * Tribunals: several models answer, judges score and critique, answers are refined.
 *
 * <h2>Owns</h2>
 *
 * The tables {@code tribunals} and {@code tribunal_steps}; the rounds, the verdict parsing and
 * aggregation, the ordered writes of steps, recovery after a restart, {@code /v1/tribunals}.
 *
 * <h2>Publishes</h2>
 *
 * {@link org.slurmllm.tribunal.boundary.Tribunals} (run one for a batch line); the entities {@code
 * Tribunal}, {@code TribunalStep}, {@code TribunalRequest} (a request parsed and checked).
 *
 * <h2>Uses</h2>
 *
 * {@code access}, {@code catalog}, {@code routing} (model calls), {@code history} (usage, audit),
 * {@code fleet}.
 */
package org.slurmllm.tribunal;
