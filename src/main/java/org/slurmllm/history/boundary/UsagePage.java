package org.slurmllm.history.boundary;

import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.slurmllm.history.entity.UsageRecordView;
import org.slurmllm.history.entity.UsageTotals;
import org.slurmllm.rest.ListPage;

/** Totals over everything a usage filter matches, and one page of its records, newest first. */
@Schema(name = "UsagePage")
@JsonbNillable
@JsonbPropertyOrder({"totals", "object", "data", "hasMore", "lastId"})
public record UsagePage(
    UsageTotals totals,
    @Schema(example = "list") String object,
    List<UsageRecordView> data,
    @JsonbProperty("has_more") @JsonbNillable boolean hasMore,
    @JsonbProperty("last_id") @JsonbNillable @Schema(description = "The next page's after.")
        Long lastId) {

  static UsagePage of(UsageTotals totals, ListPage<UsageRecordView> page) {
    return new UsagePage(
        totals, "list", page.data(), page.hasMore(), page.lastId(UsageRecordView::id));
  }
}
