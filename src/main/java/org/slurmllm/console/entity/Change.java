package org.slurmllm.console.entity;

import java.util.List;

/**
 * One watched thing as the console's live stream last saw it: a model, a replica, a batch or a
 * tribunal. {@code tenantId} owns a batch or tribunal; {@code tenants} limits a model (and its
 * replicas) to those tenants, null for everyone. {@code detail} is the JSON object the pages show.
 */
public record Change(String kind, String id, Long tenantId, List<String> tenants, String detail) {

  /** The key changes are compared under: the same id may be a model's and a batch's. */
  public String key() {
    return kind + ":" + id;
  }

  /** The same thing, gone from the watched set (a model deleted, a replica long ended). */
  public Change removed() {
    return new Change(kind, id, tenantId, tenants, "{\"removed\":true}");
  }

  /** The event's data: the kind and id with the detail's fields. */
  public String eventData() {
    String fields = detail.strip();
    String head =
        "{\"kind\":\""
            + kind
            + "\",\"id\":\""
            + id.replace("\\", "\\\\").replace("\"", "\\\"")
            + "\"";
    return fields.equals("{}") ? head + "}" : head + "," + fields.substring(1);
  }
}
