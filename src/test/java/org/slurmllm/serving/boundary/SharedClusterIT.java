package org.slurmllm.serving.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slurmllm.testing.Api;
import org.slurmllm.testing.Api.Reply;
import org.slurmllm.testing.Batches;
import org.slurmllm.testing.Deployments;
import org.slurmllm.testing.Eventually;
import org.slurmllm.testing.Models;
import org.slurmllm.testing.Replicas;
import org.slurmllm.testing.Scrape;

/**
 * The service on a cluster it shares with other users: what it and its jobs write in the shared
 * directory is theirs alone, and a rendezvous file another user forged is not believed.
 */
@ExtendWith(ArquillianExtension.class)
class SharedClusterIT {

  static final Duration READY = Duration.ofSeconds(90);
  static final Path SHARED =
      Path.of(System.getProperty("it.shared.dir", "target/shared")).toAbsolutePath();

  @Deployment(testable = false)
  static WebArchive app() {
    return Deployments.application();
  }

  final Api api = Api.ofTestServer();
  final Api management =
      new Api(URI.create("http://127.0.0.1:" + System.getProperty("it.management.port")));

  String simModel(String name) {
    return """
        {"name":"%s","engine":"sim","engineArgs":["--profile","instant"],
         "resources":{"gpus":0,"cpus":1,"memoryGb":1,"timeLimitMinutes":30},
         "scaling":{"minReplicas":1,"maxReplicas":1,"targetConcurrency":8,"idleMinutes":10}}"""
        .formatted(name);
  }

  double unprovenCount() {
    return Scrape.of(management.withKey(null).get("/metrics").body())
        .valueOrZero("slurmllm_rendezvous_unproven_total");
  }

  /**
   * The attack: another cluster user reads a replica's id in squeue's job names and writes its
   * rendezvous file before the job does, pointing at a server of theirs, to receive the replica's
   * key and the users' prompts. The gateway sends it nothing, and the real replica serves.
   */
  @Test
  void aForgedRendezvousFileGetsNeitherTheKeyNorAPrompt() throws Exception {
    try (ServerSocket trap = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      AtomicLong received = new AtomicLong();
      AtomicLong connections = new AtomicLong();
      Thread listener = new Thread(() -> listen(trap, connections, received));
      listener.start();
      double unprovenBefore = unprovenCount();
      String name = Models.uniqueName("forged");
      assertEquals(201, api.post("/api/models", simModel(name)).status());
      Replicas replicas = new Replicas(api, name);
      String id = firstReplica(replicas);
      Path file = SHARED.resolve("replicas").resolve(id + ".endpoint");
      boolean first = forge(file, "127.0.0.1 " + trap.getLocalPort() + " " + "0".repeat(64));
      assertTrue(first, "the job announced itself before the test could forge its file: too fast");

      JsonObject ready = replicas.awaitInState("READY", 1, READY).get(0);
      assertTrue(!ready.getString("endpoint").endsWith(":" + trap.getLocalPort()), ready::toString);
      Reply answer =
          api.post(
              "/v1/chat/completions",
              """
              {"model":"%s","messages":[{"role":"user","content":"a secret prompt"}],"max_tokens":3}"""
                  .formatted(name));
      assertEquals(200, answer.status(), answer::toString);
      assertTrue(unprovenCount() > unprovenBefore, "the forged file was seen, and counted");
      assertEquals(0, connections.get(), "nothing ever connected to the forger's server");
      assertEquals(0, received.get());
      replicas.deleteAndAwaitJobsGone();
      trap.close();
      listener.join(5000);
    }
  }

  /** The replica's id as soon as it is in the table: the forger watches squeue as closely. */
  static String firstReplica(Replicas replicas) throws InterruptedException {
    long deadline = System.nanoTime() + READY.toNanos();
    while (System.nanoTime() < deadline) {
      List<JsonObject> all = replicas.all();
      if (!all.isEmpty()) {
        return all.get(0).getString("id");
      }
      Thread.sleep(10);
    }
    throw new AssertionError("no replica within " + READY);
  }

  /** Writes the forged file unless the job's own is there already. */
  static boolean forge(Path file, String content) throws IOException {
    try {
      Files.writeString(file, content + "\n", StandardOpenOption.CREATE_NEW);
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    }
  }

  static void listen(ServerSocket trap, AtomicLong connections, AtomicLong received) {
    while (!trap.isClosed()) {
      try (Socket s = trap.accept()) {
        connections.incrementAndGet();
        s.setSoTimeout(2000);
        InputStream in = s.getInputStream();
        byte[] buffer = new byte[4096];
        int n;
        while ((n = in.read(buffer)) > 0) {
          received.addAndGet(n);
        }
      } catch (IOException e) {
        // closed at the end of the test, or the peer went away
      }
    }
  }

  /**
   * The attack: any user of the cluster reading tenants' prompts and answers, or a job's log, from
   * the shared directory. After a replica served and a batch ran, every directory the service and
   * its jobs made is rwx------ and every file rw------- (rendezvous files, logs, uploaded files,
   * chunk inputs and outputs, a batch's output and error files).
   */
  @Test
  void whatTheServiceAndItsJobsWriteIsTheirsAlone() throws Exception {
    String name = Models.uniqueName("modes");
    assertEquals(201, api.post("/api/models", simModel(name)).status());
    Replicas replicas = new Replicas(api, name);
    replicas.awaitInState("READY", 1, READY);
    String batch = Batches.start(api, name, 3, "m", 2);
    Eventually.await(
        "batch " + batch + " completed",
        Duration.ofSeconds(180),
        () -> api.get("/v1/batches/" + batch).json(),
        b -> Set.of("completed", "failed").contains(b.getString("status")));

    assertEquals("rwx------", mode(SHARED));
    List<String> open = new ArrayList<>();
    int files = 0;
    for (String part : List.of("replicas", "logs", "files", "batches")) {
      try (Stream<Path> all = Files.walk(SHARED.resolve(part))) {
        for (Path p : all.toList()) {
          boolean dir = Files.isDirectory(p);
          files += dir ? 0 : 1;
          String expected = dir ? "rwx------" : "rw-------";
          if (Files.exists(p) && !mode(p).equals(expected)) {
            open.add(SHARED.relativize(p) + " " + mode(p));
          }
        }
      } catch (java.io.UncheckedIOException e) {
        // a file removed while walking (a replica's rendezvous file, a chunk's input)
      }
    }
    assertEquals(List.of(), open, "open to others in the shared directory");
    assertTrue(files >= 5, "files of each kind were looked at: " + files);
    replicas.deleteAndAwaitJobsGone();
  }

  @Test
  void readinessSaysTheSharedDirectoryIsTheServicesOwn() throws IOException {
    JsonObject ready = management.withKey(null).get("/health/ready").json();
    JsonObject check =
        ready.getJsonArray("checks").getValuesAs(JsonObject.class).stream()
            .filter(c -> c.getString("name").equals("shared-directory"))
            .findFirst()
            .orElseThrow(() -> new AssertionError(ready.toString()));
    assertEquals("UP", check.getString("status"), check::toString);
    assertEquals(SHARED.toRealPath().toString(), check.getJsonObject("data").getString("path"));
  }

  static String mode(Path p) {
    try {
      return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    } catch (IOException e) {
      return "gone";
    }
  }
}
