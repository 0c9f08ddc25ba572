package org.slurmllm.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShardWatchTest {

  @TempDir Path dir;

  static HttpServer shard() throws IOException {
    HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
    s.createContext(
        "/health",
        e -> {
          e.sendResponseHeaders(200, 2);
          e.getResponseBody().write("ok".getBytes());
          e.close();
        });
    s.start();
    return s;
  }

  void announce(int rank, HttpServer s) throws IOException {
    Files.writeString(
        dir.resolve(rank + ".endpoint"), "127.0.0.1 " + s.getAddress().getPort() + " proof\n");
  }

  @Test
  void theHeadServesOnceEveryShardAnswersAndEndsWhenOneStops() throws Exception {
    HttpServer a = shard();
    HttpServer b = shard();
    try {
      announce(0, a);
      ShardWatch watch = new ShardWatch(2, dir);
      assertThrows(IOException.class, () -> watch.awaitAll(Duration.ofMillis(500)), "1 of 2");
      announce(1, b);
      List<String> shards = watch.awaitAll(Duration.ofSeconds(5));
      assertEquals(2, shards.size());
      CompletableFuture<String> lost = new CompletableFuture<>();
      watch.watch(shards, lost::complete);
      Thread.sleep(1_500);
      assertTrue(!lost.isDone(), "both answer: nothing lost");
      b.stop(0);
      String reason = lost.get(10, TimeUnit.SECONDS);
      assertTrue(reason.startsWith("shard 1 at 127.0.0.1:"), reason);
    } finally {
      a.stop(0);
      b.stop(0);
    }
  }

  @Test
  void shardsNeedTheirDirectory() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            WorkerOptions.parse(
                new String[] {"serve", "--engine", "sim", "--model", "m", "--shards", "2"}));
    WorkerOptions o =
        WorkerOptions.parse(
            new String[] {
              "serve", "--engine", "sim", "--model", "m", "--shards", "2", "--shard-dir", "/x"
            });
    assertEquals(2, o.shards());
  }
}
