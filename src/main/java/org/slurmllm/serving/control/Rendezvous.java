package org.slurmllm.serving.control;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;

/**
 * The "hosts file" of the paper: a replica's job writes "host port" to {@code
 * <shared>/replicas/<replica-id>.endpoint} once its server listens.
 */
public final class Rendezvous {

  private Rendezvous() {}

  public static Path file(Path dir, UUID replicaId) {
    return dir.resolve(replicaId + ".endpoint");
  }

  /** "host:port", or empty while the file is absent or not yet complete. */
  public static Optional<String> read(Path dir, UUID replicaId) {
    try {
      return parse(Files.readString(file(dir, replicaId)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  static Optional<String> parse(String content) {
    String[] parts = content.strip().split("\\s+");
    if (parts.length != 2
        || !parts[1].matches("\\d{1,5}")
        || parts[0].isEmpty()
        || !parts[0].matches("[A-Za-z0-9._:-]+")) {
      return Optional.empty();
    }
    int port = Integer.parseInt(parts[1]);
    return port > 0 && port < 65536 ? Optional.of(parts[0] + ":" + port) : Optional.empty();
  }

  public static void remove(Path dir, UUID replicaId) {
    try {
      Files.deleteIfExists(file(dir, replicaId));
    } catch (IOException e) {
      // a stale file is harmless: the replica id is never reused
    }
  }
}
