package org.slurmllm.history.boundary;

import jakarta.json.JsonValue;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One entry of the audit log: who did what to which object, when, and its state around it. */
@Schema(name = "AuditEntry")
@JsonbNillable
@JsonbPropertyOrder({"id", "at", "actor", "action", "targetType", "targetId", "before", "after"})
public record AuditEntryView(
    long id,
    @Schema(description = "ISO-8601") String at,
    String actor,
    @Schema(example = "key.revoke") String action,
    @Schema(example = "key") String targetType,
    String targetId,
    @Schema(type = SchemaType.OBJECT, description = "The object before; null for a creation.")
        @JsonbNillable
        JsonValue before,
    @Schema(type = SchemaType.OBJECT, description = "The object after; null for a deletion.")
        @JsonbNillable
        JsonValue after) {}
