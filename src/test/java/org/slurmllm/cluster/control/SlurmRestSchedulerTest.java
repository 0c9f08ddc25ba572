package org.slurmllm.cluster.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slurmllm.cluster.entity.JobState;
import org.slurmllm.cluster.entity.SchedulerUnavailableException;

/**
 * The REST scheduler against a made-up slurmrestd (v0.0.38) whose queue holds a job of ours and a
 * same-named one of another user: the other user's job is not read, listed or cancelled, even for a
 * token that slurmrestd would let cancel any job (root's). And a URL the token must not go to gets
 * nothing at all.
 */
class SlurmRestSchedulerTest {

  static final String NAME = "slurmllm.inst1.replica.";

  @TempDir Path dir;
  final List<String> requests = new CopyOnWriteArrayList<>();
  final List<String> tokens = new CopyOnWriteArrayList<>();
  HttpServer server;

  static String job(int id, String name, String user) {
    return "{\"job_id\":%d,\"name\":\"%s\",\"user_name\":\"%s\",\"job_state\":\"RUNNING\",\"state_reason\":\"None\",\"nodes\":\"vm\",\"exit_code\":0,\"start_time\":1,\"end_time\":2}"
        .formatted(id, name, user);
  }

  /** A slurmrestd on the address that answers v0.0.38 as Slurm 22.05 does. */
  URI fake(InetAddress address) throws Exception {
    server = HttpServer.create(new InetSocketAddress(address, 0), 0);
    Map<String, String> answers =
        Map.of(
            "GET /slurm/v0.0.38/jobs",
            "{\"jobs\":[" + job(1, NAME + "a", "svc") + "," + job(2, NAME + "b", "mallory") + "]}",
            "GET /slurm/v0.0.38/job/1",
            "{\"jobs\":[" + job(1, NAME + "a", "svc") + "]}",
            "GET /slurm/v0.0.38/job/2",
            "{\"jobs\":[" + job(2, NAME + "b", "mallory") + "]}",
            "DELETE /slurm/v0.0.38/job/1",
            "{\"errors\":[]}",
            "DELETE /slurm/v0.0.38/job/2",
            "{\"errors\":[]}");
    server.createContext(
        "/",
        exchange -> {
          String asked = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
          requests.add(asked);
          tokens.add(String.valueOf(exchange.getRequestHeaders().getFirst("X-SLURM-USER-TOKEN")));
          byte[] body =
              answers
                  .getOrDefault(asked, "{\"errors\":[{\"error_number\":2017}]}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    String host = address.getHostAddress();
    return URI.create("http://" + host + ":" + server.getAddress().getPort());
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  SlurmRestScheduler scheduler(URI url, SlurmToken token, boolean trusted) {
    return new SlurmRestScheduler(url, token, trusted, Map.of(), new SlurmRest38Format());
  }

  SlurmRestScheduler asSvc() throws Exception {
    Path key = Files.write(dir.resolve("jwt.key"), new byte[32]);
    return scheduler(
        fake(InetAddress.getLoopbackAddress()), new SlurmJwt(key, "svc", Clock.systemUTC()), false);
  }

  @Test
  void aSameNamedJobOfAnotherUserIsNotListed() throws Exception {
    assertEquals(
        List.of("1"), asSvc().activeJobsNamed(NAME).stream().map(j -> j.status().jobId()).toList());
  }

  @Test
  void aJobOfAnotherUserHasNoStatusForUs() throws Exception {
    var status = asSvc().status(List.of("1", "2"));
    assertEquals(JobState.RUNNING, status.get("1").state());
    assertEquals(JobState.UNKNOWN, status.get("2").state());
  }

  @Test
  void aJobOfAnotherUserIsNotCancelledOursIs() throws Exception {
    SlurmRestScheduler scheduler = asSvc();
    scheduler.cancel("2");
    assertTrue(!requests.contains("DELETE /slurm/v0.0.38/job/2"), requests::toString);
    scheduler.cancel("1");
    assertTrue(requests.contains("DELETE /slurm/v0.0.38/job/1"), requests::toString);
  }

  @Test
  void theSitesTokenFromTheFileIsSentAndItsRenewalTaken() throws Exception {
    Path file = dir.resolve("token");
    long exp = System.currentTimeMillis() / 1000 + 3600;
    String first = SlurmTokenFileTest.token("svc", exp);
    Files.writeString(file, "SLURM_JWT=" + first + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    SlurmRestScheduler scheduler =
        scheduler(
            fake(InetAddress.getLoopbackAddress()),
            new SlurmTokenFile(file, "svc", Clock.systemUTC()),
            false);
    scheduler.activeJobsNamed(NAME);
    String renewed = SlurmTokenFileTest.token("svc", exp + 36000);
    Files.writeString(file, "SLURM_JWT=" + renewed + "\n");
    scheduler.activeJobsNamed(NAME);
    assertEquals(List.of(first, renewed), tokens);

    // expired: nothing is sent, and the reason says so
    Files.writeString(file, SlurmTokenFileTest.token("svc", exp - 7200));
    SchedulerUnavailableException e =
        assertThrows(SchedulerUnavailableException.class, () -> scheduler.activeJobsNamed(NAME));
    assertTrue(e.getMessage().contains("expired at"), e::getMessage);
    assertEquals(2, requests.size());
  }

  @Test
  void plainHttpToAnotherMachineSendsNothingUnlessTrusted() throws Exception {
    InetAddress own = nonLoopbackAddress();
    Assumptions.assumeTrue(own != null, "this machine has no address but loopback");
    Path key = Files.write(dir.resolve("jwt.key"), new byte[32]);
    URI url = fake(own);
    SlurmRestScheduler refused = scheduler(url, new SlurmJwt(key, "svc", Clock.systemUTC()), false);
    assertTrue(refused.settingsRefused().orElseThrow().contains("plain HTTP to another machine"));
    SchedulerUnavailableException e =
        assertThrows(SchedulerUnavailableException.class, () -> refused.activeJobsNamed(NAME));
    assertEquals(refused.settingsRefused().orElseThrow(), e.getMessage());
    assertThrows(SchedulerUnavailableException.class, () -> refused.cancel("1"));
    assertEquals(List.of(), requests, "not a byte of the token went out");

    SlurmRestScheduler trusted = scheduler(url, new SlurmJwt(key, "svc", Clock.systemUTC()), true);
    assertEquals(Optional.empty(), trusted.settingsRefused());
    assertEquals(1, trusted.activeJobsNamed(NAME).size());
  }

  static InetAddress nonLoopbackAddress() throws Exception {
    for (NetworkInterface i : NetworkInterface.networkInterfaces().toList()) {
      if (i.isUp() && !i.isLoopback()) {
        for (InetAddress a : i.inetAddresses().toList()) {
          if (a instanceof Inet4Address && !a.isLoopbackAddress()) {
            return a;
          }
        }
      }
    }
    return null;
  }
}
