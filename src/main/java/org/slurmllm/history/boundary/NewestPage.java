package org.slurmllm.history.boundary;

import java.util.List;
import java.util.Map;
import org.slurmllm.rest.ListPage;

/**
 * A page of ledger or audit rows as the read APIs answer: one more row than the limit was read, so
 * whether more follow is known without counting; {@code last_id} is the next page's {@code after}.
 */
final class NewestPage {

  private NewestPage() {}

  static Map<String, Object> of(List<Map<String, Object>> rowsPlusOne, int limit) {
    return ListPage.of(rowsPlusOne, limit, row -> row.get("id"));
  }
}
