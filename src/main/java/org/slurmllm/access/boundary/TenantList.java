package org.slurmllm.access.boundary;

import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.slurmllm.access.boundary.TenantsResource.TenantView;
import org.slurmllm.rest.ListPage;

/** A page of tenants, by name, in the list envelope every list endpoint uses. */
@Schema(name = "TenantList")
@JsonbNillable
@JsonbPropertyOrder({"object", "data", "hasMore", "lastId"})
public record TenantList(
    @Schema(example = "list") String object,
    List<TenantView> data,
    @JsonbProperty("has_more") @JsonbNillable boolean hasMore,
    @JsonbProperty("last_id") @JsonbNillable @Schema(description = "The next page's after.")
        String lastId) {

  static TenantList of(ListPage<TenantView> page) {
    return new TenantList("list", page.data(), page.hasMore(), page.lastId(TenantView::name));
  }
}
