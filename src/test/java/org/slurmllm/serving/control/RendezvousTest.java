package org.slurmllm.serving.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RendezvousTest {

  static final String KEY = "k8xQ2-replica-key";

  @TempDir Path dir;

  static Optional<String> proven(Optional<Rendezvous.Announcement> a) {
    return a.filter(Rendezvous.Announcement::proven).map(Rendezvous.Announcement::endpoint);
  }

  @Test
  void readsHostAndPortWithTheJobsProof() throws Exception {
    UUID id = UUID.randomUUID();
    assertEquals(Optional.empty(), Rendezvous.read(dir, id, KEY));
    String proof = Rendezvous.proof(KEY, "gpu-node-07", 38211, id.toString());
    Files.writeString(Rendezvous.file(dir, id), "gpu-node-07 38211 " + proof + "\n");
    assertEquals(Optional.of("gpu-node-07:38211"), proven(Rendezvous.read(dir, id, KEY)));
    Rendezvous.remove(dir, id);
    assertEquals(Optional.empty(), Rendezvous.read(dir, id, KEY));
  }

  @Test
  void theProofIsHmacSha256OfHostPortAndReplicaAsTheShellAndTheWorkerMakeIt() {
    assertEquals(
        "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8", // a published answer
        Rendezvous.hmac("key", "The quick brown fox jumps over the lazy dog"));
    assertEquals(Rendezvous.hmac(KEY, "node 80 r-1"), Rendezvous.proof(KEY, "node", 80, "r-1"));
  }

  /** The attack: another cluster user writes the file first, pointing at a server of theirs. */
  @Test
  void aFileWithoutTheProofIsAnnouncedButNotProven() {
    UUID id = UUID.randomUUID();
    String forgedHere = "attacker-host 4444";
    assertFalse(Rendezvous.parse(forgedHere, id, KEY).orElseThrow().proven());
    assertFalse(
        Rendezvous.parse(forgedHere + " " + "0".repeat(64), id, KEY).orElseThrow().proven());
    // a proof copied from another replica's file does not prove this one
    UUID other = UUID.randomUUID();
    String copied =
        "attacker-host 4444 " + Rendezvous.proof(KEY, "attacker-host", 4444, other.toString());
    assertFalse(Rendezvous.parse(copied, id, KEY).orElseThrow().proven());
    // a replica without a key (older than keys) can prove nothing
    String real = "node 80 " + Rendezvous.proof(KEY, "node", 80, id.toString());
    assertTrue(Rendezvous.parse(real, id, KEY).orElseThrow().proven());
    assertFalse(Rendezvous.parse(real, id, null).orElseThrow().proven());
  }

  @Test
  void ignoresIncompleteOrHostileContent() {
    UUID id = UUID.randomUUID();
    assertEquals(Optional.empty(), Rendezvous.parse("", id, KEY));
    assertEquals(Optional.empty(), Rendezvous.parse("node", id, KEY));
    assertEquals(Optional.empty(), Rendezvous.parse("node 0", id, KEY));
    assertEquals(Optional.empty(), Rendezvous.parse("node 70000", id, KEY));
    assertEquals(Optional.empty(), Rendezvous.parse("evil.com/x?y 80", id, KEY));
    assertEquals(Optional.empty(), Rendezvous.parse("a b c d", id, KEY));
  }
}
