package org.slurmllm.tribunal.boundary;

import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbProperty;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A page of tribunals, newest first, in the list envelope every list endpoint uses. */
@Schema(name = "TribunalList")
@JsonbNillable
public record TribunalList(
    @Schema(example = "list") String object,
    List<TribunalView> data,
    @JsonbProperty("has_more") boolean hasMore,
    @JsonbProperty("last_id") String lastId) {

  /** One page of views; one more than the limit was given. */
  static TribunalList page(List<TribunalView> viewsPlusOne, int limit) {
    List<TribunalView> page = viewsPlusOne.stream().limit(limit).toList();
    return new TribunalList(
        "list",
        page,
        viewsPlusOne.size() > limit,
        page.isEmpty() ? null : page.get(page.size() - 1).id());
  }
}
