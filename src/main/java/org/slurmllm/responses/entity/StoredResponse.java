package org.slurmllm.responses.entity;

import java.time.Instant;

/**
 * A response kept for its tenant: the response object and the input items it answered, as JSON.
 *
 * @param tenantId its tenant (null: made by a key without one)
 */
public record StoredResponse(
    String id,
    Long tenantId,
    long keyId,
    String model,
    String previousResponseId,
    Instant createdAt,
    Instant expiresAt,
    String inputItems,
    String response) {}
