package org.slurmllm.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RequestIdsTest {

  @Test
  void aSaneIdOfTheClientIsKept() {
    assertEquals("portal-7f3a:42.b_c", RequestIds.accept("portal-7f3a:42.b_c"));
    String longest = "a".repeat(64);
    assertEquals(longest, RequestIds.accept(longest));
  }

  @Test
  void anythingElseGetsAnIdOfOurs() {
    for (String bad :
        new String[] {
          null,
          "",
          "a".repeat(65),
          "with space",
          "line\r\nX-Injected: 1",
          "quote\"",
          "ümlaut",
          "a/b"
        }) {
      String id = RequestIds.accept(bad);
      assertTrue(id.matches("req_[0-9a-f]{22}"), bad + " -> " + id);
    }
  }

  @Test
  void madeIdsDiffer() {
    assertNotEquals(RequestIds.made(), RequestIds.made());
  }
}
