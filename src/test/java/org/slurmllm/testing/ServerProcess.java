package org.slurmllm.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A whole server as a user runs it: the provisioned WildFly with ROOT.war in its own base directory
 * and port offset, started and stopped as an operating-system process. For tests that must stop and
 * start the server, which Arquillian's shared container cannot do to itself.
 */
public final class ServerProcess implements AutoCloseable {

  private final Path base;
  private final int offset;
  private Process process;
  private final Map<String, String> environment = new HashMap<>();

  /** An environment variable for the server, beyond the test run's own (e.g. another key). */
  public ServerProcess withEnvironment(String name, String value) {
    environment.put(name, value);
    return this;
  }

  public ServerProcess(String name, int portOffset) {
    this.base = Path.of("target", name).toAbsolutePath();
    this.offset = portOffset;
    copyServerBase();
  }

  public Api api() {
    return new Api(URI.create("http://127.0.0.1:" + (8080 + offset)));
  }

  public URI readiness() {
    return URI.create("http://127.0.0.1:" + (9990 + offset) + "/health/ready");
  }

  public ServerProcess start() {
    Path home = Path.of(System.getProperty("it.server.home"));
    ProcessBuilder builder =
        new ProcessBuilder(
            List.of(
                home.resolve("bin/standalone.sh").toString(),
                "-Djboss.server.base.dir=" + base,
                "-Djboss.socket.binding.port-offset=" + offset));
    builder.environment().put("LAUNCH_JBOSS_IN_BACKGROUND", "1");
    builder.environment().putAll(environment);
    builder
        .environment()
        .put(
            "JBOSS_JAVA_SIZING",
            "-Xms64m -Xmx512m -XX:MaxMetaspaceSize=320m"
                + " -Djava.util.concurrent.ForkJoinPool.common.parallelism=2");
    builder.redirectErrorStream(true).redirectOutput(base.resolve("console.log").toFile());
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    awaitReady(Duration.ofSeconds(120));
    return this;
  }

  /** Stops the server as an operator would (SIGTERM, graceful), waiting until it is gone. */
  public void stop() {
    if (process == null) {
      return;
    }
    List<ProcessHandle> all =
        Stream.concat(Stream.of(process.toHandle()), process.descendants()).toList();
    all.forEach(ProcessHandle::destroy);
    for (ProcessHandle p : all) {
      p.onExit()
          .orTimeout(60, TimeUnit.SECONDS)
          .exceptionally(
              e -> {
                p.destroyForcibly();
                return p;
              })
          .join();
    }
    process = null;
  }

  /**
   * Pauses every process of the server (SIGSTOP), as a stalled VM or a long garbage collection
   * would: it neither answers nor beats, nor knows it was away.
   */
  public void pause() {
    signal("STOP");
  }

  /** Lets a paused server run on (SIGCONT) from where it stopped. */
  public void resume() {
    signal("CONT");
  }

  private void signal(String name) {
    List<String> pids =
        Stream.concat(Stream.of(process.toHandle()), process.descendants())
            .map(p -> Long.toString(p.pid()))
            .toList();
    List<String> command = new java.util.ArrayList<>(List.of("kill", "-" + name));
    command.addAll(pids);
    try {
      new ProcessBuilder(command).inheritIO().start().waitFor();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Kills the server as a crash would (SIGKILL: no shutdown of any kind). */
  public void kill() {
    if (process == null) {
      return;
    }
    List<ProcessHandle> all =
        Stream.concat(Stream.of(process.toHandle()), process.descendants()).toList();
    all.forEach(ProcessHandle::destroyForcibly);
    all.forEach(p -> p.onExit().join());
    process = null;
  }

  @Override
  public void close() {
    stop();
    leaveTheFleet();
  }

  /**
   * Gives the test server its whole share of every limit back: it splits limits among the gateways
   * alive on its database (fleet.Fleet), reads who is alive at its heartbeat, every 5 s, and would
   * count a killed server as alive until its heartbeat went stale. So: the row goes, and the next
   * heartbeat comes, before the next test.
   */
  private void leaveTheFleet() {
    if (environment.containsKey("SLURMLLM_DB_NAME")) {
      return; // a database of its own: the test server never knew it
    }
    try (Connection db = TestDatabase.connect();
        PreparedStatement delete = db.prepareStatement("delete from app.gateways where id = ?")) {
      delete.setString(
          1,
          environment.getOrDefault(
              "SLURMLLM_GATEWAY_ID",
              InetAddress.getLocalHost().getHostName() + ":" + (8080 + offset)));
      delete.executeUpdate();
      Thread.sleep(6_000);
    } catch (SQLException | IOException e) {
      throw new IllegalStateException("cannot remove the stopped server from the fleet", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void awaitReady(Duration timeout) {
    HttpClient http = HttpClient.newHttpClient();
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("server exited; see " + base.resolve("console.log"));
      }
      try {
        var response =
            http.send(HttpRequest.newBuilder(readiness()).build(), BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          return;
        }
        if (response.body().contains("\"FAILED\"")) {
          stop();
          throw new IllegalStateException(
              "deployment failed; see " + base.resolve("log/server.log"));
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    stop();
    throw new IllegalStateException("server not ready in " + timeout + "; see " + base);
  }

  private void copyServerBase() {
    Path source = Path.of(System.getProperty("it.server.home"), "standalone");
    try {
      if (Files.exists(base)) {
        try (Stream<Path> old = Files.walk(base)) {
          old.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
      try (Stream<Path> files = Files.walk(source)) {
        for (Path file : (Iterable<Path>) files::iterator) {
          Path relative = source.relativize(file);
          if (relative.startsWith("data")
              || relative.startsWith("log")
              || relative.startsWith("tmp")) {
            continue;
          }
          Path target = base.resolve(relative.toString());
          if (Files.isDirectory(file)) {
            Files.createDirectories(target);
          } else {
            Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
