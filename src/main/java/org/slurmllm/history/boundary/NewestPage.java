package org.slurmllm.history.boundary;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A page of ledger or audit rows as the read APIs answer: one more row than the limit was read, so
 * whether more follow is known without counting; {@code last_id} is the next page's {@code after}.
 */
final class NewestPage {

  private NewestPage() {}

  static Map<String, Object> of(List<Map<String, Object>> rowsPlusOne, int limit) {
    List<Map<String, Object>> page = rowsPlusOne.stream().limit(limit).toList();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("object", "list");
    body.put("data", page);
    body.put("has_more", rowsPlusOne.size() > limit);
    body.put("last_id", page.isEmpty() ? null : page.get(page.size() - 1).get("id"));
    return body;
  }
}
