package org.slurmllm.console.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Flow;
import java.util.logging.Logger;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slurmllm.testing.Access;
import org.slurmllm.testing.Api;
import org.slurmllm.testing.Deployments;
import org.slurmllm.testing.Eventually;
import org.slurmllm.testing.Models;
import org.slurmllm.testing.RemoveNewModels;

/**
 * Live streams (the console's and a tribunal's) hold their key to its rules: a revoked or expired
 * key's streams end within a tick with the API's error body as an event, and a key holds at most
 * SLURMLLM_STREAMS_PER_KEY (20 on the test server, the default) of them.
 */
@ExtendWith({ArquillianExtension.class, RemoveNewModels.class})
class LiveStreamsIT {

  private static final Logger LOG = Logger.getLogger(LiveStreamsIT.class.getName());
  static final int PER_KEY = 20;

  /** The ticks: once a second for the console's stream, every 250 ms for a tribunal's. */
  static final long CONSOLE_TICK_MILLIS = 1000;

  static final long TRIBUNAL_TICK_MILLIS = 250;

  /** What a loaded two-core machine adds to a tick (a GC pause, the scheduler). */
  static final long SLACK_MILLIS = 750;

  @Deployment(testable = false)
  static WebArchive app() {
    return Deployments.application();
  }

  final Api admin = Api.ofTestServer();
  final Access access = new Access(admin);
  final HttpClient http = HttpClient.newHttpClient();

  /** One open stream: its lines with when each came, gathered without a thread of its own. */
  final class Watch implements Flow.Subscriber<String> {
    record Line(String text, long atNanos) {}

    final ConcurrentLinkedQueue<Line> lines = new ConcurrentLinkedQueue<>();
    volatile Flow.Subscription subscription;
    volatile boolean ended;

    Watch(String key, String path) {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.port() + path))
              .header("Authorization", "Bearer " + key)
              .header("Accept", "text/event-stream")
              .build();
      http.sendAsync(request, HttpResponse.BodyHandlers.fromLineSubscriber(this));
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(String line) {
      lines.add(new Line(line, System.nanoTime()));
    }

    @Override
    public void onError(Throwable t) {
      ended = true;
    }

    @Override
    public void onComplete() {
      ended = true;
    }

    boolean saw(String text) {
      return lines.stream().anyMatch(l -> l.text.contains(text));
    }

    /** When the line came, or -1. */
    long at(String text) {
      return lines.stream()
          .filter(l -> l.text.contains(text))
          .mapToLong(l -> l.atNanos)
          .findFirst()
          .orElse(-1);
    }

    /** The data of the event of this name. */
    JsonObject data(String event) {
      List<Line> all = List.copyOf(lines);
      for (int i = 0; i < all.size() - 1; i++) {
        if (all.get(i).text.equals("event: " + event)) {
          String data = all.get(i + 1).text.substring("data:".length()).strip();
          return Json.createReader(new StringReader(data)).readObject();
        }
      }
      throw new AssertionError("no event " + event + " in " + all);
    }

    void close() {
      if (subscription != null) {
        subscription.cancel();
      }
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  Watch openConsole(String key) {
    Watch w = new Watch(key, "/api/events");
    Eventually.await(
        "a stream open", Duration.ofSeconds(30), () -> w.saw("event: hello"), ok -> ok);
    return w;
  }

  /** The answer to opening one more stream, which must not be a stream. */
  HttpResponse<String> openRefused(String key, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.port() + path))
            .header("Authorization", "Bearer " + key)
            .header("Accept", "text/event-stream")
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static void assertEndedWithin(Watch w, String code, long sinceNanos, long millis, String what) {
    Eventually.await(
        what + ": error event", Duration.ofSeconds(10), () -> w.saw("event: error"), ok -> ok);
    long tookMillis = (w.at("event: error") - sinceNanos) / 1_000_000;
    LOG.info(() -> what + ": error event " + tookMillis + " ms after");
    assertTrue(
        tookMillis <= millis,
        what + ": error event after " + tookMillis + " ms, want <= " + millis);
    JsonObject error = w.data("error").getJsonObject("error");
    assertEquals(code, error.getString("code"), error::toString);
    assertEquals("invalid_request_error", error.getString("type"), error::toString);
    Eventually.await(what + ": stream ended", Duration.ofSeconds(5), () -> w.ended, ok -> ok);
  }

  @Test
  void aRevokedKeysStreamsEndWithAnErrorEventWithinATick() {
    String model = Models.serving(admin, "lsr", "llama-3.1-70b", 8);
    String tenant = access.tenant("lsr");
    Access.Key key = access.key(tenant, "user");
    Api user = access.as(key);
    Api.Reply started =
        user.post(
            "/api/tribunals",
            """
            {"prompt":"Tell a long story.","panel":["%s"],"judges":["%s"],"rounds":3,"quorum":1,
             "maxTokens":100}"""
                .formatted(model, model));
    assertEquals(202, started.status(), started::toString);
    Watch console = openConsole(key.secret());
    Watch tribunal =
        new Watch(key.secret(), "/api/tribunals/" + started.json().getString("id") + "/events");
    Eventually.await(
        "the tribunal's stream open",
        Duration.ofSeconds(30),
        () -> tribunal.saw("event: status"),
        ok -> ok);
    Watch bystander = openConsole(access.key(tenant, "user").secret());
    try {
      Api.Reply revoked = admin.delete("/api/keys/" + key.id());
      long revokedAt = System.nanoTime();
      assertEquals(200, revoked.status(), revoked::toString);
      assertEndedWithin(
          console, "invalid_api_key", revokedAt, CONSOLE_TICK_MILLIS + SLACK_MILLIS, "console");
      assertEndedWithin(
          tribunal, "invalid_api_key", revokedAt, TRIBUNAL_TICK_MILLIS + SLACK_MILLIS, "tribunal");
      assertTrue(!bystander.ended, "another key's stream goes on");
      assertEquals(401, admin.withKey(key.secret()).statusOfStream("/api/events"));
    } finally {
      List.of(console, tribunal, bystander).forEach(Watch::close);
      admin.post("/api/tribunals/" + started.json().getString("id") + "/cancel", "");
    }
  }

  @Test
  void anExpiredKeysStreamEndsWithAnErrorEventWithinATick() throws Exception {
    String tenant = access.tenant("lse");
    Instant expiry = Instant.now().plusSeconds(5);
    Access.Key key = access.key(tenant, "user", "\"expiresAt\":\"" + expiry + "\"");
    Watch console = openConsole(key.secret());
    try {
      long untilExpiry = Duration.between(Instant.now(), expiry).toNanos();
      long expiresAtNanos = System.nanoTime() + untilExpiry;
      assertTrue(!console.saw("event: error"), "no error before the expiry");
      Eventually.await(
          "error event", Duration.ofSeconds(20), () -> console.saw("event: error"), ok -> ok);
      assertTrue(
          console.at("event: error") >= expiresAtNanos - 50_000_000, "not before the expiry");
      assertEndedWithin(
          console, "expired_api_key", expiresAtNanos, CONSOLE_TICK_MILLIS + SLACK_MILLIS, "expiry");
    } finally {
      console.close();
    }
  }

  @Test
  void oneStreamOverTheKeysMostIs429AnotherKeysOpensAndAClosedOneFreesItsPlace() throws Exception {
    String tenant = access.tenant("lsn");
    Access.Key key = access.key(tenant, "user");
    List<Watch> open = new ArrayList<>();
    try {
      for (int i = 0; i < PER_KEY; i++) {
        open.add(new Watch(key.secret(), "/api/events"));
      }
      Eventually.await(
          PER_KEY + " streams open",
          Duration.ofSeconds(30),
          () -> open.stream().filter(w -> w.saw("event: hello")).count(),
          n -> n == PER_KEY);

      HttpResponse<String> over = openRefused(key.secret(), "/api/events");
      assertEquals(429, over.statusCode(), over::body);
      assertEquals("10", over.headers().firstValue("Retry-After").orElse(null));
      JsonObject error =
          Json.createReader(new StringReader(over.body())).readObject().getJsonObject("error");
      assertEquals("too_many_streams", error.getString("code"), error::toString);
      assertEquals("rate_limit_error", error.getString("type"), error::toString);

      // a tribunal's stream counts with the console's
      String fast = Models.serving(admin, "lsn", "instant", 8);
      Api.Reply t =
          access
              .as(key)
              .post(
                  "/api/tribunals",
                  """
                  {"prompt":"q","panel":["%s"],"judges":["%s"],"rounds":1,"quorum":1,"maxTokens":4}"""
                      .formatted(fast, fast));
      assertEquals(202, t.status(), t::toString);
      assertEquals(
          429,
          openRefused(key.secret(), "/api/tribunals/" + t.json().getString("id") + "/events")
              .statusCode());

      Watch other = openConsole(access.key(tenant, "user").secret());
      open.add(other);

      long closedAt = System.nanoTime();
      open.get(0).close();
      Watch again =
          Eventually.await(
              "a place freed by the closed stream",
              Duration.ofSeconds(30),
              () -> {
                Watch w = new Watch(key.secret(), "/api/events");
                long until = System.nanoTime() + 2_000_000_000L;
                while (!w.saw("event: hello") && !w.ended && System.nanoTime() < until) {
                  sleep(20);
                }
                if (!w.saw("event: hello")) {
                  w.close();
                }
                return w;
              },
              w -> w.saw("event: hello"));
      open.add(again);
      long freedMillis = (System.nanoTime() - closedAt) / 1_000_000;
      LOG.info(() -> "a closed stream's place free after " + freedMillis + " ms");
    } finally {
      open.forEach(Watch::close);
    }
  }
}
