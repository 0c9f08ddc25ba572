package org.slurmllm.routing.control.relay;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.slurmllm.history.entity.TokenCounts;
import org.slurmllm.rest.ExchangeErrors;
import org.slurmllm.rest.RequestIds;
import org.slurmllm.rest.ServletErrors;
import org.slurmllm.routing.control.GatewayMeters;
import org.slurmllm.routing.control.RoutingSettings;
import org.slurmllm.routing.control.admission.Admission;
import org.slurmllm.routing.control.admission.AdmissionRefused;
import org.slurmllm.routing.control.admission.ReplicaDirectory;
import org.slurmllm.routing.control.request.InferenceRequest;
import org.slurmllm.routing.control.upstream.ReplicaTraffic;
import org.slurmllm.routing.control.upstream.UpstreamConnections;
import org.slurmllm.routing.entity.Endpoint;
import org.slurmllm.routing.entity.Share;
import org.xnio.IoUtils;

/**
 * Sends a request to a replica and relays the answer to the client as it comes, on Undertow's I/O
 * threads: nothing here blocks or waits on a thread. Before the first byte reaches the client, a
 * failed replica (connection refused, 5xx, silence) is marked for the circuit breaker and the
 * request goes to another one; after it, a failure ends the stream with one error event. A client
 * that leaves, while queued or while its answer is made, leaves the queue or cuts the replica's
 * answer off, and is recorded with status 499.
 */
@ApplicationScoped
public class Relay {

  private static final Logger LOG = Logger.getLogger(Relay.class.getName());

  /** The status the ledger records for a request whose client left before the end (nginx's). */
  static final int CLIENT_CLOSED = 499;

  @Inject Admission admission;
  @Inject ReplicaDirectory directory;
  @Inject RoutingSettings settings;
  @Inject GatewayMeters meters;

  /**
   * Plain fields, not CDI proxies, for what every request uses: a call through a Weld proxy costs
   * thread-local lookups that showed in the relay's profile.
   */
  @Inject ReplicaTraffic traffic;

  private UpstreamConnections connections;

  private Duration upstreamTimeout;
  private Duration upstreamIdle;
  private int retries;

  @PostConstruct
  void readSettings() {
    connections = traffic.connections();
    upstreamTimeout = settings.upstreamTimeout();
    upstreamIdle = settings.upstreamIdle();
    retries = settings.retries();
  }

  /** One request on its way: what is sent, what it costs, where it failed already. */
  private static final class Call {
    final HttpServerExchange exchange;
    final String path;
    final byte[] body;
    final InferenceRequest request;
    final RequestMeter meter;
    final Share share;
    final TierStamp tier;
    final Set<UUID> tried = new HashSet<>();

    /** Whether the one free try after a kept-alive connection found closed was taken. */
    boolean staleRetried;

    boolean dispatched;
    int attempt;
    CompletableFuture<Endpoint> waiting;
    UpstreamCall upstream;
    boolean over;

    Call(
        HttpServerExchange exchange,
        String path,
        byte[] body,
        InferenceRequest request,
        RequestMeter meter,
        Share share) {
      this.exchange = exchange;
      this.path = path;
      this.body = body;
      this.request = request;
      this.meter = meter;
      this.share = share;
      this.tier = new TierStamp(share.tier());
    }
  }

  /**
   * Relays the request (on the exchange's I/O thread, in a dispatched task: the exchange stays open
   * until the relay ends it), waiting its turn as {@code share} when the model's replicas are full.
   */
  public void forward(
      HttpServerExchange exchange,
      String path,
      byte[] body,
      InferenceRequest request,
      RequestMeter meter,
      Share share) {
    Call call = new Call(exchange, path, body, request, meter, share);
    ClientWatch.watch(exchange, () -> clientGone(call));
    admit(call);
  }

  private void admit(Call call) {
    CompletableFuture<Endpoint> slot =
        admission.acquire(call.request.model(), call.tried, call.share);
    call.waiting = slot;
    slot.whenComplete(
        (endpoint, refused) ->
            onIoThread(
                call.exchange,
                () -> {
                  call.waiting = null;
                  if (call.over) {
                    if (endpoint != null) {
                      admission.release(endpoint, call.share); // the client left while it waited
                    }
                  } else if (refused != null) {
                    refuse(call, refused);
                  } else {
                    send(call, endpoint);
                  }
                }));
  }

  private void send(Call call, Endpoint endpoint) {
    call.dispatched = true;
    call.upstream =
        new UpstreamCall(
            call.exchange,
            endpoint,
            call.path,
            call.body,
            call.request,
            call.meter,
            call.tier,
            connections,
            upstreamTimeout,
            upstreamIdle,
            outcome -> ended(call, endpoint, outcome));
    call.upstream.start();
  }

  /** What happens after a try ended: the answer stands, another replica, or an error. */
  private void ended(Call call, Endpoint endpoint, Outcome outcome) {
    call.upstream = null;
    admission.release(endpoint, call.share);
    switch (outcome.kind()) {
      case RELAYED -> {
        directory.succeeded(endpoint.replicaId());
        finish(call, outcome.status());
        call.exchange.endExchange();
      }
      case BROKEN -> {
        // bytes of this answer reached the client: no other answer may follow them
        directory.failed(endpoint.replicaId());
        finish(call, outcome.status());
        call.exchange.endExchange();
      }
      case CLIENT_GONE -> clientClosed(call);
      case UNANSWERED -> {
        if (call.exchange.isResponseStarted()) {
          // never expected (a try that wrote to the client ends BROKEN), but if it were so, no
          // second answer may follow the first's bytes
          directory.failed(endpoint.replicaId());
          finish(call, outcome.status());
          call.exchange.endExchange();
          return;
        }
        if (outcome.staleConnection() && !call.staleRetried) {
          // a kept-alive connection the server had closed: nothing reached the replica, so it
          // may be asked again (on a new connection), once per request and without spending a
          // retry: a server that died closed its connections too, and the request must still get
          // its retries on the other replicas
          call.staleRetried = true;
          meters.retried(call.request.model());
          admit(call);
          return;
        }
        directory.failed(endpoint.replicaId());
        call.tried.add(endpoint.replicaId());
        // a server that is gone gets a replacement, which admission waits for as for a cold
        // start; one that answered with an error is alive and stays as it is
        if (call.attempt < retries
            && (outcome.serverGone() || untried(call.request.model(), call.tried))) {
          call.attempt++;
          meters.retried(call.request.model());
          admit(call);
        } else {
          finish(call, outcome.status());
          ExchangeErrors.send(
              call.exchange, outcome.status(), outcome.message(endpoint), null, "engine_error");
        }
      }
    }
  }

  /** The client's connection closed before its answer was complete. */
  private void clientGone(Call call) {
    onIoThread(
        call.exchange,
        () -> {
          if (call.over) {
            return;
          }
          if (call.upstream != null) {
            call.upstream.clientGone(); // ends the try: ended() finishes with 499
            return;
          }
          CompletableFuture<Endpoint> waiting = call.waiting;
          clientClosed(call);
          if (waiting != null) {
            admission.leave(call.request.model(), waiting);
          }
        });
  }

  /**
   * The request is over: its record goes to the ledger. Called before its last bytes are written
   * (Undertow takes the connection back for the next request once they are).
   */
  private void finish(Call call, int status) {
    call.over = true;
    ClientWatch.stop(call.exchange);
    call.meter.end(status);
    if (call.dispatched) {
      TokenCounts used = call.meter.counted();
      admission.settle(call.request.model(), call.share, used.prompt(), used.completion());
    }
  }

  private void clientClosed(Call call) {
    if (!call.over) {
      finish(call, CLIENT_CLOSED);
      IoUtils.safeClose(call.exchange.getConnection()); // nobody to answer
      call.exchange.endExchange();
    }
  }

  private static void onIoThread(HttpServerExchange exchange, Runnable task) {
    if (Thread.currentThread() == exchange.getIoThread()) {
      task.run();
    } else {
      exchange.getIoThread().execute(task);
    }
  }

  /** Whether a READY replica is left that the request has not failed on yet. */
  private boolean untried(String model, Set<UUID> tried) {
    return directory.ready(model).stream().anyMatch(e -> !tried.contains(e.replicaId()));
  }

  /** Answers a request admission turned away. */
  private void refuse(Call call, Throwable failure) {
    HttpServerExchange exchange = call.exchange;
    Throwable cause =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    if (cause instanceof AdmissionRefused refused) {
      finish(call, refused.status());
      exchange
          .getResponseHeaders()
          .put(Headers.RETRY_AFTER, Long.toString(refused.retryAfterSeconds()));
      ExchangeErrors.send(exchange, refused.status(), refused.getMessage(), null, refused.code());
      return;
    }
    LOG.log(Level.SEVERE, "request " + RequestIds.of(exchange) + ": admission failed", cause);
    finish(call, 500);
    ExchangeErrors.send(
        exchange, 500, "Internal error while choosing a replica.", null, "internal_error");
  }

  static String errorBody(String message, String type, String param, String code) {
    return ServletErrors.body(message, type, param, code);
  }
}
