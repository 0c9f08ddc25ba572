package org.slurmllm.access.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeyMaterialTest {

  @Test
  void keysAreRandomWithAtLeast128Bits() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      String key = KeyMaterial.generate();
      assertTrue(key.matches("sk-[A-Za-z0-9_-]{32}"), key); // 32 base64 characters = 192 bits
      assertTrue(seen.add(key));
    }
  }

  @Test
  void theHashIsStableAndThePrefixShowsTooLittleToUse() {
    String key = KeyMaterial.generate();
    assertArrayEquals(KeyMaterial.hash(key), KeyMaterial.hash(key));
    assertEquals(32, KeyMaterial.hash(key).length);
    String prefix = KeyMaterial.prefix(key);
    assertEquals(8, prefix.length(), "sk- and 5 of the 32 random characters");
    assertTrue(key.startsWith(prefix));
    assertEquals(
        "sk-bars-adm", KeyMaterial.prefix("sk-bars-admin-0123456789abcdef0123456789abcdef"));
    assertFalse(KeyMaterial.prefix("short-key").length() > 2);
  }

  @Test
  void bearerHeaders() {
    assertEquals("sk-abc", KeyMaterial.bearer("Bearer sk-abc"));
    assertEquals("sk-abc", KeyMaterial.bearer("bearer  sk-abc "));
    assertNull(KeyMaterial.bearer(null));
    assertNull(KeyMaterial.bearer("Basic dXNlcjpwdw=="));
    assertNull(KeyMaterial.bearer("Bearer "));
    assertNull(KeyMaterial.bearer("sk-abc"));
  }
}
