package org.slurmllm.history.entity;

import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One record of the usage ledger as the read API shows it. The character counts are there when the
 * tenant's content policy keeps metadata, the texts when it keeps everything; other fields without
 * a value are null.
 */
@Schema(name = "UsageRecord")
@JsonbNillable
@JsonbPropertyOrder({
  "id",
  "at",
  "keyId",
  "tenant",
  "kind",
  "model",
  "replicaId",
  "slurmJobId",
  "reference",
  "promptTokens",
  "completionTokens",
  "latencyMs",
  "timeToFirstTokenMs",
  "status",
  "requestId",
  "promptChars",
  "completionChars",
  "prompt",
  "completion"
})
public record UsageRecordView(
    long id,
    @Schema(description = "ISO-8601") String at,
    Long keyId,
    String tenant,
    @Schema(enumeration = {"chat", "completion", "embedding", "batch", "tribunal"}) String kind,
    String model,
    String replicaId,
    String slurmJobId,
    @Schema(description = "The batch or tribunal the request belongs to.") String reference,
    Integer promptTokens,
    Integer completionTokens,
    Integer latencyMs,
    Integer timeToFirstTokenMs,
    @Schema(description = "The HTTP status the client got.") Integer status,
    @Schema(description = "The request's X-Request-Id, a batch line's custom_id.") String requestId,
    @Schema(description = "Only under a content policy of metadata or full.") @JsonbNillable(false)
        Integer promptChars,
    @Schema(description = "Only under a content policy of metadata or full.") @JsonbNillable(false)
        Integer completionChars,
    @Schema(description = "Only under a content policy of full.") @JsonbNillable(false)
        String prompt,
    @Schema(description = "Only under a content policy of full.") @JsonbNillable(false)
        String completion) {}
