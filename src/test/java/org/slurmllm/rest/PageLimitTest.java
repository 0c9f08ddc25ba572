package org.slurmllm.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PageLimitTest {

  @Test
  void aLimitIsANumberFromOneToTheMaximumAndAnythingElseA400NamingIt() {
    assertEquals(20, PageLimit.parse(null, 20, 100));
    assertEquals(20, PageLimit.parse(" ", 20, 100));
    assertEquals(7, PageLimit.parse("7", 20, 100));
    assertEquals(100, PageLimit.parse("100", 20, 100));
    for (String bad : new String[] {"0", "101", "-3", "many", "1.5"}) {
      ApiException e = assertThrows(ApiException.class, () -> PageLimit.parse(bad, 20, 100));
      assertEquals(400, e.status().getStatusCode());
      assertEquals("limit", e.body().error().param());
    }
  }
}
