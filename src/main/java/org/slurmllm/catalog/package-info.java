/**
 * The model catalog: what may be served, with which engine, weights, resources and scaling.
 *
 * <h2>Owns</h2>
 *
 * The tables {@code models} and {@code model_tenants}; validation and defaults of a definition;
 * {@code /api/models} and OpenAI's {@code /v1/models}.
 *
 * <h2>Publishes</h2>
 *
 * {@link org.slurmllm.catalog.boundary.ModelCatalog} (read and change models, each change audited);
 * the entities {@code Model}, {@code ModelDefinition}, {@code Engine}; the event {@link
 * org.slurmllm.catalog.entity.ModelChanged}, after a change commits.
 *
 * <h2>Uses</h2>
 *
 * {@code access} (caller, roles, tenants), {@code history} (the audit log).
 */
package org.slurmllm.catalog;
