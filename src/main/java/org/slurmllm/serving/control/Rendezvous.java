package org.slurmllm.serving.control;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The "hosts file" of the paper: a replica's job writes "host port proof" to {@code
 * <shared>/replicas/<replica-id>.endpoint} once its server listens. The proof is an HMAC-SHA256 of
 * "host port replica-id" under the replica's key, which only the job has (in its environment): a
 * file another cluster user wrote, pointing the gateway at a server of theirs, cannot carry it, and
 * the gateway sends such an endpoint neither the key nor a prompt.
 */
public final class Rendezvous {

  private Rendezvous() {}

  /**
   * What a rendezvous file says, and whether its proof holds. {@code host} is what the job named
   * (its node's name, as a rule), which the gateway may have to look up as an address.
   */
  public record Announcement(String host, int port, boolean proven) {

    /** "host:port", as announced. */
    public String endpoint() {
      return at(host);
    }

    /** "address:port", for the host's address (an IPv6 one in brackets). */
    public String at(String address) {
      return (address.indexOf(':') >= 0 ? "[" + address + "]" : address) + ":" + port;
    }
  }

  public static Path file(Path dir, UUID replicaId) {
    return dir.resolve(replicaId + ".endpoint");
  }

  /** What the file announces, or empty while it is absent or not yet complete. */
  public static Optional<Announcement> read(Path dir, UUID replicaId, String key) {
    try {
      return parse(Files.readString(file(dir, replicaId)), replicaId, key);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  static Optional<Announcement> parse(String content, UUID replicaId, String key) {
    String[] parts = content.strip().split("\\s+");
    if (parts.length < 2
        || parts.length > 3
        || !parts[1].matches("\\d{1,5}")
        || parts[0].isEmpty()
        || !parts[0].matches("[A-Za-z0-9._:-]+")) {
      return Optional.empty();
    }
    int port = Integer.parseInt(parts[1]);
    if (port <= 0 || port >= 65536) {
      return Optional.empty();
    }
    boolean proven =
        parts.length == 3
            && key != null
            && MessageDigest.isEqual(
                proof(key, parts[0], port, replicaId.toString())
                    .getBytes(StandardCharsets.US_ASCII),
                parts[2].getBytes(StandardCharsets.US_ASCII));
    return Optional.of(new Announcement(parts[0], port, proven));
  }

  /** The proof a job writes: hex HMAC-SHA256 of "host port replica-id" under the replica's key. */
  public static String proof(String key, String host, int port, String replicaId) {
    return hmac(key, host + " " + port + " " + replicaId);
  }

  static String hmac(String key, String message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JVM has HmacSHA256", e);
    }
  }

  public static void remove(Path dir, UUID replicaId) {
    try {
      Files.deleteIfExists(file(dir, replicaId));
      // a replica over several nodes: its shards' announcements
      Path shards = dir.resolve(replicaId + ".shards");
      if (Files.isDirectory(shards)) {
        try (var files = Files.list(shards)) {
          for (Path f : (Iterable<Path>) files::iterator) {
            Files.deleteIfExists(f);
          }
        }
        Files.deleteIfExists(shards);
      }
    } catch (IOException e) {
      // a stale file is harmless: the replica id is never reused
    }
  }
}
