package org.slurmllm.serving.boundary;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.slurmllm.catalog.entity.ModelDefinition.ServingStatus;

/** A model's replicas and its serving status. */
@Schema(name = "ReplicaList")
public record ReplicaList(
    @Schema(example = "list") String object,
    String model,
    ServingStatus status,
    List<ReplicaView> data) {}
