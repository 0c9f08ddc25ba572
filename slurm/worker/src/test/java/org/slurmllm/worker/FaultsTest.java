package org.slurmllm.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FaultsTest {

  @Test
  void crashAfterNLetsNRequestsThrough() {
    Faults faults = new Faults(0, 2, null);
    assertFalse(faults.crashesAt(1));
    assertFalse(faults.crashesAt(2));
    assertTrue(faults.crashesAt(3));
    assertFalse(Faults.NONE.crashesAt(1_000_000));
  }

  @Test
  void crashOnceCrashesExactlyOneOfTheReplicasSharingTheMarker(@TempDir Path dir) {
    Path marker = dir.resolve("crash");
    Faults replicaA = new Faults(0, 0, marker);
    Faults replicaB = new Faults(0, 0, marker);
    long crashes =
        LongStream.rangeClosed(1, 5)
            .filter(n -> replicaA.crashesAt(n) | replicaB.crashesAt(n))
            .count();
    assertEquals(1, crashes);
  }

  @Test
  void stallsFromTheRequestAfterTheNthAndNeverByDefault() {
    Faults faults = new Faults(0, 0, null, 1);
    assertEquals(false, faults.stallsAt(1));
    assertEquals(true, faults.stallsAt(2));
    assertEquals(true, new Faults(0, 0, null, 0).stallsAt(1));
    assertEquals(false, Faults.NONE.stallsAt(1_000));
  }
}
