package org.slurmllm.routing.control;

import static org.slurmllm.rest.JsonP.JSON;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonReader;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscribers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Flow;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.slurmllm.rest.ServletErrors;
import org.slurmllm.routing.entity.Endpoint;

/**
 * Sends a request to a replica and relays the answer to the client as it comes. Before the first
 * byte reaches the client, a failed replica (connection refused, 5xx) is marked for the circuit
 * breaker and the request goes to another one; after it, a failure becomes an error event in the
 * stream. A stream's events are written and flushed one at a time, and the next is read from the
 * replica only when the last is written (back-pressure, nothing buffered).
 */
@ApplicationScoped
public class Relay {

  private static final Logger LOG = Logger.getLogger(Relay.class.getName());

  /** The status the ledger records for a request whose client left before the end (nginx's). */
  static final int CLIENT_CLOSED = 499;

  @Inject Admission admission;
  @Inject ReplicaDirectory directory;
  @Inject RoutingSettings settings;

  /**
   * The relay's timers (admission deadlines, the stream idle check) run on the common pool through
   * CompletableFuture.delayedExecutor; with a common pool of one thread (1-2 cores) each one starts
   * a new thread. bin/slurm-llm sets the pool to two threads; elsewhere the JVM option below does.
   */
  @PostConstruct
  void checkCommonPool() {
    if (ForkJoinPool.getCommonPoolParallelism() < 2) {
      LOG.warning(
          "the JVM's common pool has one thread: every relay timer will start a thread."
              + " Start the server with -Djava.util.concurrent.ForkJoinPool.common.parallelism=2");
    }
  }

  @Inject ReplicaClient client;

  public void forward(
      AsyncContext async,
      String path,
      byte[] body,
      InferenceRequest request,
      RequestMeter meter,
      Set<UUID> tried,
      int attempt) {
    admission
        .acquire(request.model(), tried)
        .whenComplete(
            (endpoint, refused) -> {
              if (refused != null) {
                meter.end(refuse(async, refused));
              } else {
                send(async, path, body, request, meter, tried, attempt, endpoint);
              }
            });
  }

  private void send(
      AsyncContext async,
      String path,
      byte[] body,
      InferenceRequest request,
      RequestMeter meter,
      Set<UUID> tried,
      int attempt,
      Endpoint endpoint) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create("http://" + endpoint.address() + path))
            .timeout(settings.upstreamTimeout())
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (endpoint.authorization() != null) {
      builder.header("Authorization", endpoint.authorization());
    }
    HttpRequest upstream = builder.build();
    HttpServletResponse response = (HttpServletResponse) async.getResponse();
    // settled once: by the end of the exchange, or earlier by a client that went away mid-stream
    // (the replica's stream is then cancelled, and the exchange may never report an end)
    AtomicBoolean settled = new AtomicBoolean();
    Runnable clientGone =
        () -> {
          if (settled.compareAndSet(false, true)) {
            admission.release(endpoint);
            meter.end(CLIENT_CLOSED);
            try {
              async.complete();
            } catch (IllegalStateException e) {
              // already completed by the container
            }
          }
        };
    // a replica that went silent mid-stream: the client gets an error event, the slot is freed,
    // and the silence counts against the replica's circuit
    Runnable stalled =
        () -> {
          if (settled.compareAndSet(false, true)) {
            admission.release(endpoint);
            directory.failed(endpoint.replicaId());
            try {
              async.complete();
            } catch (IllegalStateException e) {
              // already completed by the container
            }
          }
        };
    client
        .http()
        .sendAsync(
            upstream, info -> handle(info, response, request, meter, endpoint, clientGone, stalled))
        .whenComplete(
            (result, failure) -> {
              if (!settled.compareAndSet(false, true)) {
                return;
              }
              admission.release(endpoint);
              Outcome outcome =
                  failure == null
                      ? result.body()
                      : Outcome.unreachable(failure, settings.upstreamTimeout());
              if (outcome.retryable() && response.isCommitted()) {
                // bytes of this answer reached the client: another replica's answer cannot
                // follow them (the stream already ended with an error event)
                directory.failed(endpoint.replicaId());
                async.complete();
                return;
              }
              if (outcome.retryable()) {
                if (attempt < settings.retries() && outcome.staleConnection()) {
                  // a kept-alive connection the server had closed: nothing reached the replica,
                  // so it may be asked again (on a new connection)
                  forward(async, path, body, request, meter, tried, attempt + 1);
                  return;
                }
                directory.failed(endpoint.replicaId());
                tried.add(endpoint.replicaId());
                // a server that is gone gets a replacement, which admission waits for as for a
                // cold start; one that answered with an error is alive and stays as it is
                if (attempt < settings.retries()
                    && (outcome.serverGone() || untried(request.model(), tried))) {
                  forward(async, path, body, request, meter, tried, attempt + 1);
                } else {
                  meter.end(502);
                  error(async, 502, outcome.message(endpoint), "engine_error");
                }
                return;
              }
              directory.succeeded(endpoint.replicaId());
              meter.end(response.getStatus());
              async.complete();
            });
  }

  /** Whether a READY replica is left that the request has not failed on yet. */
  private boolean untried(String model, Set<UUID> tried) {
    return directory.ready(model).stream().anyMatch(e -> !tried.contains(e.replicaId()));
  }

  /**
   * How an upstream exchange ended, for the retry decision: {@code reason} completes "the model
   * server of M (replica R, job J) ..." in words a client understands; {@code serverGone} when the
   * replica could not be reached at all (its job is replaced), not when it answered with an error.
   */
  record Outcome(boolean retryable, String reason, boolean staleConnection, boolean serverGone) {
    static final Outcome DONE = new Outcome(false, null, false, false);

    static Outcome answeredWithError(String reason) {
      return new Outcome(true, reason, false, false);
    }

    static Outcome unreachable(Throwable failure, Duration timeout) {
      Throwable cause =
          failure instanceof CompletionException && failure.getCause() != null
              ? failure.getCause()
              : failure;
      String message = String.valueOf(cause.getMessage());
      boolean stale =
          cause instanceof IOException && message.contains("header parser received no bytes");
      if (cause instanceof java.net.http.HttpConnectTimeoutException) {
        return new Outcome(true, "did not accept a connection in time", false, true);
      }
      if (cause instanceof java.net.http.HttpTimeoutException) {
        return new Outcome(
            true, "did not answer within " + timeout.toSeconds() + " s", false, false);
      }
      if (cause instanceof java.net.ConnectException) {
        return new Outcome(true, "refused the connection (it is not running)", false, true);
      }
      if (cause instanceof IOException) {
        return new Outcome(true, "closed the connection before answering", stale, true);
      }
      return new Outcome(
          true, "failed (" + cause.getClass().getSimpleName() + ": " + message + ")", false, false);
    }

    /** The client's message once no other replica is left to try. */
    String message(Endpoint endpoint) {
      String text = endpoint.describe() + " " + reason;
      return Character.toUpperCase(text.charAt(0))
          + text.substring(1)
          + (serverGone ? "; it is being replaced. Retry in a little while." : ".");
    }
  }

  /**
   * Decides at the replica's status line: a 5xx is retried elsewhere (nothing was written);
   * anything else is relayed, non-streamed bodies whole, streams event by event.
   */
  private HttpResponse.BodySubscriber<Outcome> handle(
      HttpResponse.ResponseInfo info,
      HttpServletResponse response,
      InferenceRequest request,
      RequestMeter meter,
      Endpoint endpoint,
      Runnable clientGone,
      Runnable stalled) {
    boolean stream = request.stream();
    if (FailureRule.replicasFault(info.statusCode())) {
      return BodySubscribers.mapping(
          BodySubscribers.ofString(StandardCharsets.UTF_8),
          text ->
              Outcome.answeredWithError(
                  "answered " + info.statusCode() + " (" + errorMessage(text) + ")"));
    }
    meter.replica(endpoint.replicaId());
    response.setStatus(info.statusCode());
    response.setContentType(info.headers().firstValue("Content-Type").orElse("application/json"));
    if (stream && info.statusCode() == 200) {
      response.setHeader("Cache-Control", "no-cache");
      response.setHeader("X-Accel-Buffering", "no");
      EventRelay relay =
          new EventRelay(response, endpoint, meter, !request.usageRequested(), clientGone, stalled);
      relay.watch(settings.upstreamIdle());
      return BodySubscribers.fromLineSubscriber(
          relay, r -> r.outcome, StandardCharsets.UTF_8, "\n");
    }
    return BodySubscribers.mapping(
        BodySubscribers.ofByteArray(),
        bytes -> {
          meter.answer(bytes); // counted whether or not the client is still there to read it
          try {
            response.setContentLength(bytes.length);
            response.getOutputStream().write(bytes);
            return Outcome.DONE;
          } catch (IOException e) {
            meter.end(CLIENT_CLOSED);
            return Outcome.DONE; // the client left; nothing to retry
          }
        });
  }

  /** The message of an OpenAI error body (or the start of whatever else came), for a 502. */
  static String errorMessage(String body) {
    try (JsonReader reader = JSON.createReader(new StringReader(body))) {
      return reader.readObject().getJsonObject("error").getString("message");
    } catch (RuntimeException e) {
      String plain = body.strip();
      return plain.length() > 200 ? plain.substring(0, 200) + "..." : plain;
    }
  }

  /** Writes a server-sent event stream line by line, flushing at the end of every event. */
  private static final class EventRelay implements Flow.Subscriber<String> {
    private final HttpServletResponse response;
    private final Endpoint endpoint;
    private final RequestMeter meter;
    private final boolean hideUsage;
    private final Runnable clientGone;
    private final Runnable stalled;
    private volatile long lastActivity = System.nanoTime();
    private volatile boolean finished;
    private Flow.Subscription subscription;
    private ServletOutputStream out;
    private boolean done;
    private boolean skipBlank;
    volatile Outcome outcome = Outcome.DONE;

    /**
     * @param hideUsage the client did not ask for the usage chunk (the gateway did, for the
     *     ledger): it is read but not passed on
     */
    EventRelay(
        HttpServletResponse response,
        Endpoint endpoint,
        RequestMeter meter,
        boolean hideUsage,
        Runnable clientGone,
        Runnable stalled) {
      this.stalled = stalled;
      this.response = response;
      this.endpoint = endpoint;
      this.meter = meter;
      this.hideUsage = hideUsage;
      this.clientGone = clientGone;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      s.request(1);
    }

    /**
     * Ends the stream with an error event when the replica sends nothing for {@code idle}: the
     * request timeout covers only the headers, and a replica stuck after them would hold the
     * client, the slot and the stream for ever. Checked without a thread of its own.
     */
    void watch(java.time.Duration idle) {
      long idleNanos = idle.toNanos();
      long quiet = System.nanoTime() - lastActivity;
      long wait = Math.max(1, idleNanos - quiet);
      java.util.concurrent.CompletableFuture.delayedExecutor(
              wait, java.util.concurrent.TimeUnit.NANOSECONDS)
          .execute(
              () -> {
                if (finished) {
                  return;
                }
                if (System.nanoTime() - lastActivity < idleNanos) {
                  watch(idle);
                  return;
                }
                synchronized (this) {
                  if (finished) {
                    return;
                  }
                  finished = true;
                  if (subscription != null) {
                    subscription.cancel();
                  }
                  endWithError(
                      endpoint.describe() + " sent nothing for " + idle.toSeconds() + " s", 504);
                }
                stalled.run();
              });
    }

    @Override
    public synchronized void onNext(String line) {
      lastActivity = System.nanoTime();
      if (finished) {
        return; // ended for silence; what comes late is not relayed
      }
      try {
        if (line.startsWith("data: {")) {
          String json = line.substring(6);
          meter.chunk(json);
          if (hideUsage && usageOnly(json)) {
            skipBlank = true; // and the blank line that ends its event
            subscription.request(1);
            return;
          }
        } else if (skipBlank && line.isEmpty()) {
          skipBlank = false;
          subscription.request(1);
          return;
        }
        if (out == null) {
          out = response.getOutputStream();
        }
        out.write(line.getBytes(StandardCharsets.UTF_8));
        out.write('\n');
        if (line.isEmpty()) {
          out.flush(); // one event complete: on its way at once
        }
        if (line.equals("data: [DONE]")) {
          done = true;
        }
        subscription.request(1);
      } catch (IOException e) {
        subscription.cancel(); // the client went away: stop reading the replica
        clientGone.run(); // charged for what it was sent (estimated: the usage chunk never came)
      }
    }

    @Override
    public synchronized void onError(Throwable failure) {
      if (finished) {
        return;
      }
      finished = true;
      endWithError(
          endpoint.describe() + " stopped mid-stream (" + failure.getClass().getSimpleName() + ")");
    }

    @Override
    public synchronized void onComplete() {
      if (finished) {
        return;
      }
      finished = true;
      if (!done) {
        endWithError(endpoint.describe() + " ended the stream before [DONE]");
      }
    }

    /** The last chunk of a stream asked to include usage: no choices, only the counts. */
    private static boolean usageOnly(String json) {
      if (!json.contains("\"usage\"")) {
        return false;
      }
      try (JsonReader reader = JSON.createReader(new StringReader(json))) {
        var choices = reader.readObject().getJsonArray("choices");
        return choices == null || choices.isEmpty();
      } catch (RuntimeException e) {
        return false;
      }
    }

    private void endWithError(String message) {
      endWithError(message, 502);
    }

    private void endWithError(String message, int status) {
      meter.end(status);
      LOG.log(Level.WARNING, "replica {0}: {1}", new Object[] {endpoint.replicaId(), message});
      try {
        if (out == null) {
          out = response.getOutputStream();
        }
        out.write(
            ("data: " + errorBody(message, "server_error", null, "stream_interrupted") + "\n\n")
                .getBytes(StandardCharsets.UTF_8));
        out.flush();
      } catch (IOException e) {
        // the client is gone too
      }
    }
  }

  /** Answers a request admission turned away; returns the status sent. */
  private static int refuse(AsyncContext async, Throwable failure) {
    Throwable cause =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    if (cause instanceof AdmissionRefused refused) {
      ((HttpServletResponse) async.getResponse())
          .setHeader("Retry-After", Long.toString(refused.retryAfterSeconds()));
      error(
          async,
          refused.status(),
          refused.getMessage(),
          refused.status() == 429 ? "rate_limit_exceeded" : "model_not_ready");
      return refused.status();
    }
    LOG.log(Level.SEVERE, "admission failed", cause);
    error(async, 500, "Internal error while choosing a replica.", "internal_error");
    return 500;
  }

  private static void error(AsyncContext async, int status, String message, String code) {
    try {
      error((HttpServletResponse) async.getResponse(), status, message, null, code);
    } catch (IOException | IllegalStateException e) {
      // already answering: nothing more to say
    } finally {
      async.complete();
    }
  }

  /** An error answer in OpenAI's format. */
  public static void error(
      HttpServletResponse response, int status, String message, String param, String code)
      throws IOException {
    ServletErrors.write(response, status, message, param, code);
  }

  static String errorBody(String message, String type, String param, String code) {
    return ServletErrors.body(message, type, param, code);
  }
}
