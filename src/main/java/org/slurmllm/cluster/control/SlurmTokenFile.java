package org.slurmllm.cluster.control;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import java.util.logging.Logger;
import org.slurmllm.cluster.entity.SchedulerUnavailableException;

/**
 * A token the site made for the service's user ({@code scontrol token username=U lifespan=S}), read
 * from a file: the gateway needs no signing key, so it can act for no one but its user. The file is
 * looked at (one stat) on every use and read again when it changed, so the site renews it in place,
 * without a restart. Its claims are read without verifying them (only slurmctld can): the expiry
 * and the user, to say what is wrong before slurmrestd refuses it. The file may hold the token
 * alone or {@code scontrol token}'s {@code SLURM_JWT=...} line. The token is never logged.
 */
final class SlurmTokenFile implements SlurmToken {

  private static final Logger LOG = Logger.getLogger(SlurmTokenFile.class.getName());
  static final String SETTING = "SLURMLLM_SLURM_TOKEN_FILE";

  /** The file as it was when last read: a change of any of these reads it again. */
  private record Stamp(
      FileTime modified, long size, Object fileKey, Set<PosixFilePermission> mode) {}

  private record Read(String token, Instant expires) {}

  private final Path file;
  private final String user;
  private final Clock clock;
  private Stamp stamp;
  private Read read;

  SlurmTokenFile(Path file, String user, Clock clock) {
    if (!user.matches("[A-Za-z_][A-Za-z0-9_.-]{0,63}")) {
      throw new IllegalArgumentException("not a user name: " + user);
    }
    this.file = file;
    this.user = user;
    this.clock = clock;
  }

  @Override
  public String user() {
    return user;
  }

  @Override
  public synchronized String token() {
    Stamp now = stamp();
    if (!now.equals(stamp)) {
      // a failed read is not kept: the next use reads again
      stamp = null;
      read = read(now);
      stamp = now;
    }
    if (read.expires() != null && !clock.instant().isBefore(read.expires())) {
      throw unavailable(
          "expired at "
              + read.expires()
              + ": have a new one made (scontrol token username="
              + user
              + " lifespan=<seconds>) and written there; it is read again when it changes");
    }
    return read.token();
  }

  private Stamp stamp() {
    try {
      PosixFileAttributes a = Files.readAttributes(file, PosixFileAttributes.class);
      return new Stamp(a.lastModifiedTime(), a.size(), a.fileKey(), a.permissions());
    } catch (IOException | UnsupportedOperationException e) {
      throw unavailable(why(e));
    }
  }

  private Read read(Stamp at) {
    if (at.mode().contains(PosixFilePermission.OTHERS_READ)) {
      // whoever reads it acts as the service on the cluster
      throw unavailable("is readable by every user: chmod 600 it (owned by the service's user)");
    }
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw unavailable(why(e));
    }
    String token = tokenIn(text);
    if (token == null) {
      throw unavailable(
          "holds no JWT (expected the output of scontrol token username="
              + user
              + ", or the token alone)");
    }
    JsonObject claims = claims(token);
    String subject = claims.get("sun") instanceof JsonString s ? s.getString() : null;
    if (subject != null && !subject.equals(user)) {
      throw unavailable(
          "is a token of user '"
              + subject
              + "', but the jobs run as '"
              + user
              + "' (SLURMLLM_SLURM_USER, else the server's user): make the token for "
              + user
              + " or set SLURMLLM_SLURM_USER="
              + subject);
    }
    Instant expires =
        claims.get("exp") instanceof JsonNumber n ? Instant.ofEpochSecond(n.longValue()) : null;
    LOG.info(
        () ->
            "read the slurmrestd token of "
                + user
                + " from "
                + file
                + (expires == null ? " (no expiry)" : " (expires " + expires + ")"));
    return new Read(token, expires);
  }

  private static String why(Exception e) {
    if (e instanceof NoSuchFileException) {
      return "does not exist";
    }
    if (e instanceof AccessDeniedException) {
      return "cannot be read by the server's user";
    }
    return "cannot be read: " + e;
  }

  /** The JWT of the file's first line that has one: {@code SLURM_JWT=<jwt>} or the JWT alone. */
  static String tokenIn(String text) {
    for (String line : text.split("\n")) {
      String t = line.strip();
      if (t.startsWith("SLURM_JWT=")) {
        t = t.substring("SLURM_JWT=".length()).strip();
      }
      if (t.matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+")) {
        return t;
      }
    }
    return null;
  }

  private JsonObject claims(String token) {
    try (JsonReader reader =
        Json.createReader(
            new StringReader(
                new String(
                    Base64.getUrlDecoder().decode(token.split("\\.")[1]),
                    StandardCharsets.UTF_8)))) {
      return reader.readObject();
    } catch (IllegalArgumentException | JsonException | ClassCastException e) {
      throw unavailable("holds a token whose claims are not JSON");
    }
  }

  private SchedulerUnavailableException unavailable(String what) {
    return new SchedulerUnavailableException(
        "the slurmrestd token file " + file + " (" + SETTING + ") " + what);
  }
}
