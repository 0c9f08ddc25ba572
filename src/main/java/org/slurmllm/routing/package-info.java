/**
 * The OpenAI-compatible gateway: chat, completions and embeddings relayed to replicas.
 *
 * <h2>Owns</h2>
 *
 * The Undertow handler on {@code /v1/chat/completions}, {@code /v1/completions}, {@code
 * /v1/embeddings}; request parsing, admission (queues per model), replica choice (least
 * outstanding, power of two choices), circuit breakers, retries, the streaming relay and its
 * connection pools, the replicas' reported load, the gateway's meters. Its control is cut by
 * concern: {@code control.request} (reading a request), {@code control.upstream} (connections to
 * replicas), {@code control.admission} (replica choice and queues), {@code control.relay}
 * (forwarding and answering); settings and meters sit in {@code control} itself. They use each
 * other one way, as {@code ArchitectureTest} holds.
 *
 * <h2>Publishes</h2>
 *
 * {@link org.slurmllm.routing.boundary.ModelCalls} (a chat call to a model through the same
 * routing, for tribunals); the entity {@code Endpoint}.
 *
 * <h2>Uses</h2>
 *
 * {@code access} (keys, limits), {@code catalog} (models), {@code serving} (READY replicas, load),
 * {@code history} (the usage ledger), {@code fleet} (shares of concurrency).
 */
package org.slurmllm.routing;
