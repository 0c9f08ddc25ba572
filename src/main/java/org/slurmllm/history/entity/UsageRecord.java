package org.slurmllm.history.entity;

import java.time.Instant;
import java.util.UUID;

/**
 * One entry of the usage ledger: an interactive request, a batch request or a tribunal step. The
 * text fields are filled only when the tenant's content policy allows it.
 *
 * @param kind chat, completion, batch or tribunal
 * @param reference the batch or tribunal the request belongs to
 * @param status the HTTP status the request ended with (batch lines: their response's status)
 * @param requestId the request's X-Request-Id; a batch line's custom_id
 */
public record UsageRecord(
    Instant at,
    Long keyId,
    Long tenantId,
    String kind,
    String model,
    UUID replicaId,
    String slurmJobId,
    String reference,
    int promptTokens,
    int completionTokens,
    Integer latencyMs,
    Integer ttftMs,
    int status,
    Integer promptChars,
    Integer completionChars,
    String promptText,
    String completionText,
    String requestId) {

  public int totalTokens() {
    return promptTokens + completionTokens;
  }
}
