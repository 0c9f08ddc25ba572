package org.slurmllm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * The attack: any user of a login node runs {@code ps -ef} (or reads /proc/PID/cmdline) while
 * {@code bin/slurm-llm} sets up the database, and reads the database password off psql's command
 * line; a password with a quote in it also broke (or rewrote) the SQL it was spliced into.
 */
class SecretsOffCommandLinesIT {

  static final String PASSWORD = "it's a \"pass\" word; drop role x --";

  @Test
  void theDatabasePasswordNeverAppearsOnACommandLineAndAQuoteInItWorks() throws Exception {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String role = "secrets_it_" + suffix;
    String db = "secrets_it_" + suffix;
    Path run = Path.of("target", "secrets-it-" + suffix).toAbsolutePath();
    ProcessBuilder builder =
        new ProcessBuilder(Path.of("bin", "slurm-llm").toAbsolutePath().toString(), "db")
            .redirectErrorStream(true);
    builder.environment().put("SLURMLLM_RUN_DIR", run.toString());
    builder.environment().put("SLURMLLM_DB_USER", role);
    builder.environment().put("SLURMLLM_DB_NAME", db);
    builder.environment().put("SLURMLLM_DB_PASSWORD", PASSWORD);
    Process script = builder.start();
    Set<String> seen = new HashSet<>();
    while (script.isAlive()) {
      try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
        procs
            .filter(p -> p.getFileName().toString().matches("\\d+"))
            .forEach(
                p -> {
                  try {
                    String cmd =
                        new String(
                            Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8);
                    if (cmd.contains("pass\" word")) {
                      seen.add(cmd.replace('\0', ' '));
                    }
                  } catch (Exception gone) {
                    // ended meanwhile
                  }
                });
      }
    }
    String said = new String(script.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      assertEquals(0, script.waitFor(), said);
      assertEquals(Set.of(), seen, "the password on a command line");
      String verifier = psql("select rolpassword from pg_authid where rolname = '" + role + "'");
      assertTrue(scramMatches(verifier, PASSWORD), "the role's password is the one given: " + said);
      assertEquals("1", psql("select 1 from pg_database where datname = '" + db + "'"));
    } finally {
      psql("drop database if exists " + db);
      psql("drop role if exists " + role);
    }
  }

  static String psql(String sql) throws Exception {
    Process p =
        new ProcessBuilder(
                "psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-Atqc", sql)
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    p.waitFor(30, TimeUnit.SECONDS);
    return out;
  }

  /** SCRAM-SHA-256$iterations:salt$StoredKey:ServerKey checked against the password (RFC 7677). */
  static boolean scramMatches(String verifier, String password) throws Exception {
    String[] parts = verifier.split("[$:]");
    int iterations = Integer.parseInt(parts[1]);
    byte[] salt = Base64.getDecoder().decode(parts[2]);
    byte[] stored = Base64.getDecoder().decode(parts[3]);
    byte[] salted =
        SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
            .generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, 256))
            .getEncoded();
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(salted, "HmacSHA256"));
    byte[] clientKey = mac.doFinal("Client Key".getBytes(StandardCharsets.UTF_8));
    return MessageDigest.isEqual(MessageDigest.getInstance("SHA-256").digest(clientKey), stored);
  }
}
