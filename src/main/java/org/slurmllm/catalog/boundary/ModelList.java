package org.slurmllm.catalog.boundary;

import jakarta.json.bind.annotation.JsonbProperty;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.slurmllm.catalog.entity.ModelDefinition;

/** The catalog, in the list envelope every list endpoint uses. */
@Schema(name = "ModelList")
public record ModelList(
    @Schema(example = "list") String object,
    List<ModelDefinition> data,
    @JsonbProperty("has_more") boolean hasMore,
    @JsonbProperty("last_id") String lastId) {

  /** One page, by name, of the names after {@code after}; one more than the limit was given. */
  static ModelList page(List<ModelDefinition> sortedPlusOne, int limit) {
    List<ModelDefinition> page = sortedPlusOne.stream().limit(limit).toList();
    return new ModelList(
        "list",
        page,
        sortedPlusOne.size() > limit,
        page.isEmpty() ? null : page.get(page.size() - 1).name());
  }
}
