package org.slurmllm.cluster.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SlurmJwtTest {

  @TempDir Path dir;

  @Test
  void signsHs256WithTheClustersKey() throws Exception {
    Path key = Files.write(dir.resolve("jwt.key"), "0123456789abcdef0123456789abcdef".getBytes());
    Clock clock = Clock.fixed(Instant.ofEpochSecond(1_000_000), ZoneOffset.UTC);
    String token = new SlurmJwt(key, "slurm-llm", clock).token();

    String[] parts = token.split("\\.");
    assertEquals(3, parts.length);
    String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
    assertEquals("{\"exp\":1001800,\"iat\":1000000,\"sun\":\"slurm-llm\"}", claims);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(Files.readAllBytes(key), "HmacSHA256"));
    String expected =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                mac.doFinal((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII)));
    assertEquals(expected, parts[2]);
  }

  @Test
  void reusesATokenUntilNearItsExpiry() throws Exception {
    Path key = Files.write(dir.resolve("jwt.key"), new byte[32]);
    MutableClock clock = new MutableClock();
    SlurmJwt jwt = new SlurmJwt(key, "root", clock);
    String first = jwt.token();
    clock.now = clock.now.plusSeconds(60);
    assertEquals(first, jwt.token());
    clock.now = clock.now.plusSeconds(1800);
    assertNotEquals(first, jwt.token());
  }

  @Test
  void refusesUserNamesThatCouldBreakTheClaims() throws Exception {
    Path key = Files.write(dir.resolve("jwt.key"), new byte[32]);
    assertThrows(
        IllegalArgumentException.class,
        () -> new SlurmJwt(key, "root\",\"sun\":\"admin", Clock.systemUTC()));
    assertTrue(
        assertThrows(
                RuntimeException.class,
                () -> new SlurmJwt(dir.resolve("missing"), "root", Clock.systemUTC()))
            .getMessage()
            .contains("JWT key"));
  }

  static final class MutableClock extends Clock {
    Instant now = Instant.ofEpochSecond(1_000_000);

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
