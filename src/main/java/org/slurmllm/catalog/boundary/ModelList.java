package org.slurmllm.catalog.boundary;

import jakarta.json.bind.annotation.JsonbProperty;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.slurmllm.catalog.entity.ModelDefinition;

/** The catalog as admin and auditor keys read it, in the list envelope every list endpoint uses. */
@Schema(name = "ModelList")
public record ModelList(
    @Schema(example = "list") String object,
    List<ModelDefinition> data,
    @JsonbProperty("has_more") boolean hasMore,
    @JsonbProperty("last_id") String lastId) {}
