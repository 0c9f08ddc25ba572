/**
 * OpenAI's Responses API: its requests made chat completions for the replicas and their answers
 * made responses again, and the conversation state kept for tenants.
 *
 * <h2>Owns</h2>
 *
 * The table {@code stored_responses} and the view {@code tenant_stored_bytes} (a tenant's files and
 * stored responses, for its quota); the translation of requests, items, response objects and the
 * Responses event stream; {@code POST /v1/responses} (through routing's {@code ChatTranslator}),
 * {@code GET}/{@code DELETE /v1/responses/{id}} and {@code /input_items}; the sweep of expired
 * responses.
 *
 * <h2>Publishes</h2>
 *
 * Nothing another feature uses.
 *
 * <h2>Uses</h2>
 *
 * {@code routing} (the relay, by its {@code ChatTranslator}), {@code access} (callers, tenants'
 * quotas).
 */
package org.slurmllm.responses;
