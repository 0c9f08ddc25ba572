package org.slurmllm.cluster.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.slurmllm.cluster.entity.SchedulerUnavailableException;

/**
 * The contract against slurmrestd on the 22.05 development cluster with no signing key at all: the
 * token is one the site made for the service's user with {@code scontrol token}, in a file (as
 * {@code SLURMLLM_SLURM_TOKEN_FILE} names it), and renewed there while the scheduler runs.
 */
class SlurmRestTokenFileIT extends SchedulerContract {

  static final String USER = System.getProperty("user.name");

  final Path tokenFile =
      Path.of("target", "slurm-token", UUID.randomUUID().toString(), "slurm.token")
          .toAbsolutePath();

  final SlurmRestScheduler scheduler;

  SlurmRestTokenFileIT() {
    writeToken(600);
    scheduler =
        new SlurmRestScheduler(
            SlurmRestSchedulerIT.REST,
            new SlurmTokenFile(tokenFile, USER, Clock.systemUTC()),
            false,
            SchedulerProducer.jobEnvironment(),
            null);
  }

  /**
   * What a site runs for the service (as root or SlurmUser), written where the service reads it.
   */
  void writeToken(int lifespanSeconds) {
    try {
      Process p =
          new ProcessBuilder("scontrol", "token", "username=" + USER, "lifespan=" + lifespanSeconds)
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (p.waitFor() != 0 || !out.startsWith("SLURM_JWT=")) {
        throw new IllegalStateException("scontrol token: " + out);
      }
      Files.createDirectories(tokenFile.getParent());
      Path next = tokenFile.resolveSibling("slurm.token.new");
      Files.writeString(next, out);
      Files.setPosixFilePermissions(next, PosixFilePermissions.fromString("rw-------"));
      // renewed as a site's cron job should: a new file moved over the old one
      Files.move(next, tokenFile, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  Scheduler scheduler() {
    return scheduler;
  }

  @Test
  void anExpiredTokenIsSaidAsSuchAndItsRenewalTakenWithoutARestart() throws Exception {
    assertEquals("v0.0.38", scheduler.describe().apiVersion());
    writeToken(1);
    Thread.sleep(1100);
    SchedulerUnavailableException e =
        assertThrows(SchedulerUnavailableException.class, scheduler::describe);
    assertTrue(e.getMessage().contains("expired at"), e::getMessage);
    assertTrue(e.getMessage().contains("scontrol token username=" + USER), e::getMessage);
    writeToken(600);
    assertEquals("v0.0.38", scheduler.describe().apiVersion());
  }
}
