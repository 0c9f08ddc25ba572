package org.slurmllm.cluster.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class NodeListTest {

  @Test
  void expandsRangesListsAndPadding() {
    assertEquals(List.of("node1", "node2", "node3"), NodeList.expand("node[1-3]"));
    assertEquals(List.of("node1", "node3", "node4", "gpu07"), NodeList.expand("node[1,3-4],gpu07"));
    assertEquals(List.of("gpu08", "gpu09", "gpu10"), NodeList.expand("gpu[08-10]"));
    assertEquals(List.of("vm"), NodeList.expand("vm"));
  }

  @Test
  void noNodeIsAnEmptyList() {
    assertEquals(List.of(), NodeList.expand(null));
    assertEquals(List.of(), NodeList.expand(""));
    assertEquals(List.of(), NodeList.expand("(null)"));
  }
}
