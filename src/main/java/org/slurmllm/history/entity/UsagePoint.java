package org.slurmllm.history.entity;

import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One time bucket (and group) of usage; a percentile is null when no record had that time. */
@Schema(name = "UsagePoint")
@JsonbNillable
@JsonbPropertyOrder({
  "bucket",
  "group",
  "requests",
  "promptTokens",
  "completionTokens",
  "errors",
  "refused",
  "latencyP50Ms",
  "latencyP95Ms",
  "ttftP50Ms",
  "ttftP95Ms"
})
public record UsagePoint(
    @Schema(description = "The bucket's start, ISO-8601.") String bucket,
    @Schema(description = "The model, tenant or key grouped by; all without groupBy.") String group,
    long requests,
    long promptTokens,
    long completionTokens,
    @Schema(description = "4xx and 5xx answers but 429 and 499.") long errors,
    @Schema(description = "429 answers.") long refused,
    Long latencyP50Ms,
    Long latencyP95Ms,
    Long ttftP50Ms,
    Long ttftP95Ms) {}
