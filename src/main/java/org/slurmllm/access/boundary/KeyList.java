package org.slurmllm.access.boundary;

import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.slurmllm.access.entity.KeyView;
import org.slurmllm.rest.ListPage;

/** A page of keys, newest first, in the list envelope every list endpoint uses. */
@Schema(name = "KeyList")
@JsonbNillable
@JsonbPropertyOrder({"object", "data", "hasMore", "lastId"})
public record KeyList(
    @Schema(example = "list") String object,
    List<KeyView> data,
    @JsonbProperty("has_more") @JsonbNillable boolean hasMore,
    @JsonbProperty("last_id") @JsonbNillable @Schema(description = "The next page's after.")
        Long lastId) {

  static KeyList of(ListPage<KeyView> page) {
    return new KeyList("list", page.data(), page.hasMore(), page.lastId(KeyView::id));
  }
}
