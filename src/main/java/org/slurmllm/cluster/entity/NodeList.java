package org.slurmllm.cluster.entity;

import java.util.ArrayList;
import java.util.List;

/**
 * SLURM's compact node lists ("node[1-3,5],gpu07") as the node names they stand for. One bracket
 * group per name, as SLURM prints them for one-dimensional clusters; numbers keep their padding
 * ("gpu[08-10]" is gpu08, gpu09, gpu10).
 */
public final class NodeList {

  private NodeList() {}

  public static List<String> expand(String list) {
    List<String> names = new ArrayList<>();
    if (list == null || list.isBlank() || list.startsWith("(")) {
      return names; // "(null)" and the like: no node yet
    }
    int depth = 0;
    int start = 0;
    for (int i = 0; i <= list.length(); i++) {
      char c = i < list.length() ? list.charAt(i) : ',';
      if (c == '[') {
        depth++;
      } else if (c == ']') {
        depth--;
      } else if (c == ',' && depth == 0) {
        expandOne(list.substring(start, i).strip(), names);
        start = i + 1;
      }
    }
    return names;
  }

  private static void expandOne(String item, List<String> names) {
    int open = item.indexOf('[');
    int close = item.indexOf(']');
    if (item.isEmpty()) {
      return;
    }
    if (open < 0 || close < open) {
      names.add(item);
      return;
    }
    String prefix = item.substring(0, open);
    String suffix = item.substring(close + 1);
    for (String range : item.substring(open + 1, close).split(",")) {
      String[] bounds = range.strip().split("-", 2);
      try {
        int from = Integer.parseInt(bounds[0]);
        int to = bounds.length == 2 ? Integer.parseInt(bounds[1]) : from;
        int width = bounds[0].length();
        for (int n = from; n <= to && n - from < 100_000; n++) {
          names.add(prefix + String.format("%0" + width + "d", n) + suffix);
        }
      } catch (NumberFormatException e) {
        names.add(prefix + range + suffix);
      }
    }
  }
}
