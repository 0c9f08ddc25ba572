package org.slurmllm.bulk.boundary;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** OpenAI's answer to a file's deletion. */
@Schema(name = "FileDeleted")
@JsonbPropertyOrder({"id", "object", "deleted"})
public record FileDeleted(String id, @Schema(example = "file") String object, boolean deleted) {}
