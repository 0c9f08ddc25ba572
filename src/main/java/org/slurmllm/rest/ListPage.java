package org.slurmllm.rest;

import java.util.List;
import java.util.function.Function;

/**
 * A page of a list as the read APIs answer it: one more row than the limit was read, so whether
 * more follow is known without counting; the last row's id is the next page's {@code after}. Each
 * list answers with a record of its own ({@code {"object":"list","data",...,"has_more","last_id"}})
 * built from this page, so that {@code /openapi} names the type of its rows.
 */
public record ListPage<T>(List<T> data, boolean hasMore) {

  public static <T> ListPage<T> of(List<T> rowsPlusOne, int limit) {
    return new ListPage<>(rowsPlusOne.stream().limit(limit).toList(), rowsPlusOne.size() > limit);
  }

  /** The last row's id, null for an empty page. */
  public <I> I lastId(Function<T, I> idOf) {
    return data.isEmpty() ? null : idOf.apply(data.get(data.size() - 1));
  }
}
