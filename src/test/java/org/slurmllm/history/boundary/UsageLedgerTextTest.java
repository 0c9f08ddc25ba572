package org.slurmllm.history.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class UsageLedgerTextTest {

  @Test
  void postgresqlCannotStoreNulSoItIsLeftOut() {
    assertEquals("ab", UsageLedger.text("a\0b\0"));
    String plain = "no nul here";
    assertSame(plain, UsageLedger.text(plain), "nothing copied when nothing is to change");
    assertNull(UsageLedger.text(null));
  }
}
