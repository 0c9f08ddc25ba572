package org.slurmllm.console.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slurmllm.testing.Access;
import org.slurmllm.testing.Api;
import org.slurmllm.testing.Batches;
import org.slurmllm.testing.Deployments;
import org.slurmllm.testing.Eventually;
import org.slurmllm.testing.Models;
import org.slurmllm.testing.RemoveNewModels;

/** The console's live stream (/api/events): who gets which change, and many watchers at once. */
@ExtendWith({ArquillianExtension.class, RemoveNewModels.class})
class ConsoleEventsIT {

  @Deployment(testable = false)
  static WebArchive app() {
    return Deployments.application();
  }

  final Api admin = Api.ofTestServer();
  final Access access = new Access(admin);
  final HttpClient http = HttpClient.newHttpClient();

  /** Streams opened again after their first try failed (a browser's console reconnects too). */
  final AtomicInteger reopened = new AtomicInteger();

  /** One open stream: the lines it has received so far, gathered without a thread of its own. */
  final class Watch implements Flow.Subscriber<String> {
    final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
    final String key;
    volatile Flow.Subscription subscription;
    volatile int status;
    int attempts;

    Watch(String key) {
      this.key = key;
      open();
    }

    private void open() {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.port() + "/api/events"))
              .header("Authorization", "Bearer " + key)
              .header("Accept", "text/event-stream")
              .build();
      CompletableFuture<HttpResponse<Void>> answer =
          http.sendAsync(request, HttpResponse.BodyHandlers.fromLineSubscriber(this));
      answer.whenComplete(
          (r, failure) -> {
            if (r != null) {
              status = r.statusCode();
            } else {
              reopenUnlessGreeted();
            }
          });
    }

    /** A connection that failed before the server's hello is tried again, at most twice. */
    private synchronized void reopenUnlessGreeted() {
      if (!saw("event: hello") && attempts++ < 2) {
        reopened.incrementAndGet();
        open();
      }
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(String line) {
      lines.add(line);
    }

    @Override
    public void onError(Throwable t) {
      reopenUnlessGreeted();
    }

    @Override
    public void onComplete() {}

    boolean saw(String text) {
      return lines.stream().anyMatch(l -> l.contains(text));
    }

    void close() {
      if (subscription != null) {
        subscription.cancel();
      }
    }
  }

  @Test
  void fiveHundredWatchersAllGetAChangeAndStopNothingElse() throws Exception {
    List<Watch> watches = new ArrayList<>();
    try {
      for (int i = 0; i < 500; i++) {
        watches.add(new Watch(Api.adminKey()));
      }
      Eventually.await(
          "500 streams open",
          Duration.ofSeconds(60),
          () -> watches.stream().filter(w -> w.saw("event: hello")).count(),
          n -> n == 500);
      // a burst of 500 connects may see a few refused (a browser reconnects), not more
      assertTrue(reopened.get() <= 10, "streams opened again: " + reopened.get());

      // everything else goes on: the catalog answers, a model is added and serves
      assertEquals(200, admin.get("/api/models").status());
      String model = Models.serving(admin, "ev", "instant", 8);
      Eventually.await(
          "every watcher told of the new model's replica",
          Duration.ofSeconds(120),
          () -> watches.stream().filter(w -> w.saw(model) && w.saw("event: replica")).count(),
          n -> n == 500);
      Api.Reply chat =
          admin.post(
              "/v1/chat/completions",
              """
              {"model":"%s","messages":[{"role":"user","content":"hi"}],"max_tokens":4}"""
                  .formatted(model));
      assertEquals(200, chat.status(), chat::toString);
    } finally {
      watches.forEach(Watch::close);
    }
  }

  @Test
  void aTenantsUserIsToldOfItsOwnBatchesOnly() {
    String model = Models.serving(admin, "evt", "instant", 8);
    String tenantA = access.tenant("eva");
    String tenantB = access.tenant("evb");
    Access.Key userA = access.key(tenantA, "user");
    Access.Key userB = access.key(tenantB, "user");
    Access.Key auditorB = access.key(tenantB, "auditor");
    Watch a = new Watch(userA.secret());
    Watch b = new Watch(auditorB.secret());
    Watch all = new Watch(Api.adminKey());
    try {
      Eventually.await(
          "streams open",
          Duration.ofSeconds(30),
          () -> a.saw("event: hello") && b.saw("event: hello") && all.saw("event: hello"),
          ok -> ok);
      String batchA = Batches.start(access.as(userA), model, 2, "a", 4);
      String batchB = Batches.start(access.as(userB), model, 2, "b", 4);
      Eventually.await(
          "the admin told of both batches",
          Duration.ofSeconds(60),
          () -> all.saw(batchA) && all.saw(batchB),
          ok -> ok);
      Eventually.await(
          "each tenant told of its own",
          Duration.ofSeconds(30),
          () -> a.saw(batchA) && b.saw(batchB),
          ok -> ok);
      assertFalse(a.saw(batchB), "tenant A's user told of tenant B's batch");
      assertFalse(b.saw(batchA), "tenant B's auditor told of tenant A's batch");
      assertFalse(a.saw("event: replica"), "a user is not told of replicas");
      assertTrue(b.saw("event: replica") || b.saw("event: model"), "an auditor sees the models");
    } finally {
      a.close();
      b.close();
      all.close();
    }
  }

  @Test
  void noKeyNoStream() {
    Api.Reply r = admin.withKey(null).get("/api/events");
    assertEquals(401, r.status());
  }
}
