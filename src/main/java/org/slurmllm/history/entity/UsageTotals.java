package org.slurmllm.history.entity;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Counts and token sums of every usage record a filter matches. */
@Schema(name = "UsageTotals")
@JsonbPropertyOrder({"requests", "promptTokens", "completionTokens", "totalTokens"})
public record UsageTotals(
    long requests, long promptTokens, long completionTokens, long totalTokens) {}
