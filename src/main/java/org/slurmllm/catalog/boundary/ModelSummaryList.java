package org.slurmllm.catalog.boundary;

import jakarta.json.bind.annotation.JsonbProperty;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The catalog as a user key reads it, in the list envelope every list endpoint uses. */
@Schema(name = "ModelSummaryList")
public record ModelSummaryList(
    @Schema(example = "list") String object,
    List<ModelSummary> data,
    @JsonbProperty("has_more") boolean hasMore,
    @JsonbProperty("last_id") String lastId) {}
