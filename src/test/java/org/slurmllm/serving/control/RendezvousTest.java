package org.slurmllm.serving.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RendezvousTest {

  @TempDir Path dir;

  @Test
  void readsHostAndPort() throws Exception {
    UUID id = UUID.randomUUID();
    assertEquals(Optional.empty(), Rendezvous.read(dir, id));
    Files.writeString(Rendezvous.file(dir, id), "gpu-node-07 38211\n");
    assertEquals(Optional.of("gpu-node-07:38211"), Rendezvous.read(dir, id));
    Rendezvous.remove(dir, id);
    assertEquals(Optional.empty(), Rendezvous.read(dir, id));
  }

  @Test
  void ignoresIncompleteOrHostileContent() {
    assertEquals(Optional.empty(), Rendezvous.parse(""));
    assertEquals(Optional.empty(), Rendezvous.parse("node"));
    assertEquals(Optional.empty(), Rendezvous.parse("node 0"));
    assertEquals(Optional.empty(), Rendezvous.parse("node 70000"));
    assertEquals(Optional.empty(), Rendezvous.parse("evil.com/x?y 80"));
    assertEquals(Optional.empty(), Rendezvous.parse("a b c"));
  }
}
