package org.slurmllm.cluster.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slurmllm.cluster.control.SlurmJwtTest.MutableClock;
import org.slurmllm.cluster.entity.SchedulerUnavailableException;

/** The site's token for the service's user, from a file: no signing key in the gateway. */
class SlurmTokenFileTest {

  @TempDir Path dir;
  final MutableClock clock = new MutableClock(); // 1,000,000 s

  /** A token as scontrol token makes it (the signature is slurmctld's business, not ours). */
  static String token(String user, long exp) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    return b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes())
        + "."
        + b64.encodeToString(
            ("{\"exp\":" + exp + ",\"iat\":" + (exp - 600) + ",\"sun\":\"" + user + "\"}")
                .getBytes(StandardCharsets.UTF_8))
        + ".c2lnbmF0dXJl";
  }

  Path write(String text) throws Exception {
    Path file = dir.resolve("slurm.token");
    Files.writeString(file, text);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    return file;
  }

  SchedulerUnavailableException refusal(SlurmTokenFile file) {
    return assertThrows(SchedulerUnavailableException.class, file::token);
  }

  @Test
  void takesScontrolTokensOutputOrTheTokenAlone() throws Exception {
    String t = token("svc", 1_000_600);
    assertEquals(t, new SlurmTokenFile(write("SLURM_JWT=" + t + "\n"), "svc", clock).token());
    assertEquals(t, new SlurmTokenFile(write("\n  " + t + "  \n"), "svc", clock).token());
  }

  @Test
  void readsTheFileAgainWhenItChangesOnly() throws Exception {
    String first = token("svc", 1_000_600);
    Path file = write("SLURM_JWT=" + first + "\n");
    SlurmTokenFile tokens = new SlurmTokenFile(file, "svc", clock);
    assertEquals(first, tokens.token());

    // the same size and time as before: taken as unchanged, not read (one stat per use)
    FileTime modified = Files.getLastModifiedTime(file);
    String sameSize = token("svc", 1_000_700);
    Files.writeString(file, "SLURM_JWT=" + sameSize + "\n");
    Files.setLastModifiedTime(file, modified);
    assertEquals(first, tokens.token());

    // the site renews it in place: the next use has the new one, no restart
    Files.setLastModifiedTime(file, FileTime.fromMillis(modified.toMillis() + 1000));
    assertEquals(sameSize, tokens.token());
    String longer = token("svc", 10_000_600);
    Files.writeString(file, longer);
    assertEquals(longer, tokens.token());
  }

  @Test
  void anExpiredTokenSaysWhenAndWhatToDo() throws Exception {
    Path file = write(token("svc", 1_000_600));
    SlurmTokenFile tokens = new SlurmTokenFile(file, "svc", clock);
    tokens.token();
    clock.now = clock.now.plusSeconds(600);
    String why = refusal(tokens).getMessage();
    assertTrue(
        why.contains(file + " (SLURMLLM_SLURM_TOKEN_FILE) expired at 1970-01-12T13:56:40Z"), why);
    assertTrue(why.contains("scontrol token username=svc lifespan="), why);
    // renewed: good again
    Files.writeString(file, token("svc", 2_000_000));
    tokens.token();
  }

  @Test
  void aMissingUnreadableOrForeignTokenIsSaidAsSuch() throws Exception {
    Path missing = dir.resolve("nope");
    assertTrue(
        refusal(new SlurmTokenFile(missing, "svc", clock)).getMessage().endsWith("does not exist"));
    assertTrue(
        refusal(new SlurmTokenFile(write("hello"), "svc", clock))
            .getMessage()
            .contains("holds no JWT"));
    assertTrue(
        refusal(new SlurmTokenFile(write("a.b.c"), "svc", clock))
            .getMessage()
            .contains("claims are not JSON"));
    String why =
        refusal(new SlurmTokenFile(write(token("root", 2_000_000)), "svc", clock)).getMessage();
    assertTrue(why.contains("a token of user 'root', but the jobs run as 'svc'"), why);
  }

  @Test
  void aTokenFileEveryoneMayReadIsRefused() throws Exception {
    Path file = write(token("svc", 2_000_000));
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    SlurmTokenFile tokens = new SlurmTokenFile(file, "svc", clock);
    assertTrue(refusal(tokens).getMessage().contains("readable by every user: chmod 600"));
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
    tokens.token();
  }

  @Test
  void refusesUserNamesThatCouldBreakTheHeaders() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new SlurmTokenFile(dir.resolve("t"), "svc\r\nX-Other: 1", clock));
  }
}
