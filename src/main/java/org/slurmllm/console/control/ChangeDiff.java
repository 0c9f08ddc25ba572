package org.slurmllm.console.control;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slurmllm.console.entity.Change;

/**
 * What changed between two readings of the watched set: new or different rows, and removed ones.
 */
public final class ChangeDiff {

  private ChangeDiff() {}

  public static List<Change> between(Map<String, Change> before, Map<String, Change> now) {
    List<Change> changes = new ArrayList<>();
    for (Change c : now.values()) {
      Change old = before.get(c.key());
      if (old == null || !Objects.equals(old.detail(), c.detail())) {
        changes.add(c);
      }
    }
    for (Change old : before.values()) {
      if (!now.containsKey(old.key())) {
        changes.add(old.removed());
      }
    }
    return changes;
  }
}
