package org.slurmllm.rest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A page of a list as the read APIs answer it: one more row than the limit was read, so whether
 * more follow is known without counting; {@code last_id} is the next page's {@code after}.
 */
public final class ListPage {

  private ListPage() {}

  public static <T> Map<String, Object> of(
      List<T> rowsPlusOne, int limit, Function<T, Object> idOf) {
    List<T> page = rowsPlusOne.stream().limit(limit).toList();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("object", "list");
    body.put("data", page);
    body.put("has_more", rowsPlusOne.size() > limit);
    body.put("last_id", page.isEmpty() ? null : idOf.apply(page.get(page.size() - 1)));
    return body;
  }
}
