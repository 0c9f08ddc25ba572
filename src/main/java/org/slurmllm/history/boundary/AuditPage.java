package org.slurmllm.history.boundary;

import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.slurmllm.rest.ListPage;

/** A page of audit entries, newest first, in the list envelope every list endpoint uses. */
@Schema(name = "AuditList")
@JsonbNillable
@JsonbPropertyOrder({"object", "data", "hasMore", "lastId"})
public record AuditPage(
    @Schema(example = "list") String object,
    List<AuditEntryView> data,
    @JsonbProperty("has_more") @JsonbNillable boolean hasMore,
    @JsonbProperty("last_id") @JsonbNillable @Schema(description = "The next page's after.")
        Long lastId) {

  static AuditPage of(ListPage<AuditEntryView> page) {
    return new AuditPage("list", page.data(), page.hasMore(), page.lastId(AuditEntryView::id));
  }
}
