package org.slurmllm.bulk.boundary;

import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A page of files in OpenAI's list envelope. */
@Schema(name = "FileList")
@JsonbNillable
@JsonbPropertyOrder({"object", "data", "firstId", "lastId", "hasMore"})
public record FileList(
    @Schema(example = "list") String object,
    List<FileObject> data,
    @JsonbProperty("first_id") @JsonbNillable String firstId,
    @JsonbProperty("last_id") @JsonbNillable String lastId,
    @JsonbProperty("has_more") @JsonbNillable boolean hasMore) {

  static FileList of(List<FileObject> data, boolean hasMore) {
    return new FileList(
        "list",
        data,
        data.isEmpty() ? null : data.get(0).id(),
        data.isEmpty() ? null : data.get(data.size() - 1).id(),
        hasMore);
  }
}
