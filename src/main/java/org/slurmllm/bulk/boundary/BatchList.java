package org.slurmllm.bulk.boundary;

import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A page of batches, newest first, in OpenAI's list envelope. */
@Schema(name = "BatchList")
@JsonbNillable
@JsonbPropertyOrder({"object", "data", "firstId", "lastId", "hasMore"})
public record BatchList(
    @Schema(example = "list") String object,
    List<BatchObject> data,
    @JsonbProperty("first_id") @JsonbNillable String firstId,
    @JsonbProperty("last_id") @JsonbNillable String lastId,
    @JsonbProperty("has_more") @JsonbNillable boolean hasMore) {

  static BatchList of(List<BatchObject> data, boolean hasMore) {
    return new BatchList(
        "list",
        data,
        data.isEmpty() ? null : data.get(0).id(),
        data.isEmpty() ? null : data.get(data.size() - 1).id(),
        hasMore);
  }
}
