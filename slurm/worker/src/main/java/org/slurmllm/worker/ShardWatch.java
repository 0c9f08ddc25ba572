package org.slurmllm.worker;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The head of a replica that spans several nodes: one shard runs on each node of the job (started
 * with srun by the job's script, each announcing "host port" in {@code <dir>/<rank>.endpoint}), and
 * the head serves only once every shard answers its {@code /health}, and ends the whole replica
 * (its process exits) as soon as one stops answering, as a model split over nodes cannot serve with
 * a part missing. The gateway then sees the job end and replaces the replica.
 */
final class ShardWatch {

  static final Duration CHECK_EVERY = Duration.ofSeconds(1);
  static final Duration TIMEOUT = Duration.ofSeconds(2);

  /** Checks in a row a shard may miss before the replica ends. */
  static final int MISSES = 2;

  private final int count;
  private final Path dir;

  ShardWatch(int count, Path dir) {
    this.count = count;
    this.dir = dir;
  }

  /** Waits until every shard announced itself and answers; their "host:port" by rank. */
  List<String> awaitAll(Duration patience) throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(patience);
    while (true) {
      List<String> shards = announced();
      if (shards.size() == count && shards.stream().allMatch(ShardWatch::answers)) {
        return shards;
      }
      if (Instant.now().isAfter(deadline)) {
        throw new IOException(
            shards.size() + " of " + count + " shards answer after " + patience.toSeconds() + " s");
      }
      Thread.sleep(200);
    }
  }

  /** The shards' endpoints so far, by rank (a shard not yet announced ends the list). */
  List<String> announced() throws IOException {
    List<String> shards = new ArrayList<>();
    for (int rank = 0; rank < count; rank++) {
      Path file = dir.resolve(rank + ".endpoint");
      if (!Files.exists(file)) {
        break;
      }
      String[] parts = Files.readString(file).strip().split("\\s+");
      if (parts.length < 2) {
        break;
      }
      shards.add(parts[0] + ":" + parts[1]);
    }
    return shards;
  }

  /**
   * Watches the shards on a daemon thread; calls {@code lost} with the reason once one misses
   * {@link #MISSES} checks in a row.
   */
  void watch(List<String> shards, java.util.function.Consumer<String> lost) {
    Thread t =
        new Thread(
            () -> {
              int[] missed = new int[shards.size()];
              while (true) {
                for (int rank = 0; rank < shards.size(); rank++) {
                  missed[rank] = answers(shards.get(rank)) ? 0 : missed[rank] + 1;
                  if (missed[rank] >= MISSES) {
                    lost.accept("shard " + rank + " at " + shards.get(rank) + " stopped answering");
                    return;
                  }
                }
                try {
                  Thread.sleep(CHECK_EVERY.toMillis());
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "shard-watch");
    t.setDaemon(true);
    t.start();
  }

  /** Whether the shard's /health answers 200 within {@link #TIMEOUT}. */
  static boolean answers(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    try (Socket socket = new Socket()) {
      socket.connect(
          new InetSocketAddress(
              hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1))),
          (int) TIMEOUT.toMillis());
      socket.setSoTimeout((int) TIMEOUT.toMillis());
      socket
          .getOutputStream()
          .write(
              "GET /health HTTP/1.1\r\nHost: shard\r\nConnection: close\r\n\r\n"
                  .getBytes(StandardCharsets.US_ASCII));
      InputStream in = socket.getInputStream();
      byte[] head = in.readNBytes(12);
      return new String(head, StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200");
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }
}
