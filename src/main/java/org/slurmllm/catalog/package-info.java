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
 * {@link org.slurmllm.catalog.boundary.ModelCatalog} (read and change models, each change audited),
 * {@link org.slurmllm.catalog.boundary.ModelServingStatus} (the serving columns serving writes);
 * the entities {@code Model}, {@code ModelDefinition}, {@code Engine}; the event {@link
 * org.slurmllm.catalog.entity.ModelChanged}, after a change commits.
 *
 * <h2>Uses</h2>
 *
 * {@code access} (caller, roles, tenants' names; refuses the deletion of a tenant a model is
 * limited to), {@code history} (the audit log).
 */
package org.slurmllm.catalog;
