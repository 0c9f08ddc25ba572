package org.slurmllm.routing.boundary;

import static org.slurmllm.rest.JsonP.JSON;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slurmllm.history.entity.TokenCounts;
import org.slurmllm.routing.control.RoutingSettings;
import org.slurmllm.routing.control.admission.Admission;
import org.slurmllm.routing.control.admission.AdmissionRefused;
import org.slurmllm.routing.control.admission.ReplicaDirectory;
import org.slurmllm.routing.control.relay.FailureRule;
import org.slurmllm.routing.control.request.InferenceRequest;
import org.slurmllm.routing.control.upstream.ReplicaTraffic;
import org.slurmllm.routing.entity.Endpoint;
import org.slurmllm.routing.entity.Share;

/**
 * Chat calls made by the application itself (a tribunal's proposers and judges), through the same
 * admission and replica choice as clients' requests: a failed call is tried once more on another
 * replica. Non-streamed; nothing blocks a thread while the model works.
 */
@ApplicationScoped
public class ModelCalls {

  /** What one call gave: who answered, the text, the tokens, how long it took. */
  public record Answer(
      UUID replicaId, String text, int promptTokens, int completionTokens, long latencyMillis) {}

  /**
   * A call that failed on every replica tried, with the status a client's request would have ended
   * with: a replica's 4xx as it is (the request's fault), admission's 429 or 503, else 502.
   */
  public static final class CallFailed extends RuntimeException {
    public final UUID replicaId;
    public final int status;

    public CallFailed(String message, UUID replicaId, int status) {
      super(message, null, false, false);
      this.replicaId = replicaId;
      this.status = status;
    }
  }

  /** What a call ended with when the replicas did not answer it (gone, 5xx, unreadable). */
  static final int BAD_GATEWAY = 502;

  @Inject Admission admission;
  @Inject ReplicaDirectory directory;
  @Inject RoutingSettings settings;

  @Inject ReplicaTraffic traffic;

  /** Where a call's answer is read (not the I/O thread: callers chain their own work on it). */
  @Resource ManagedExecutorService executor;

  /** A replica's 4xx: the request's fault, told to the caller as it is, nothing retried. */
  static final class RequestRefused extends RuntimeException {
    final int status;

    RequestRefused(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }
  }

  /** What a replica answered a request passed to it as it is: its status and body. */
  public record Reply(UUID replicaId, int status, String body) {}

  /** Whether the model has a READY replica now (a call would not wait for one to start). */
  public boolean serving(String model) {
    return !directory.ready(model).isEmpty();
  }

  /**
   * A request body passed to one of the model's replicas as it is (a batch line's), waiting as
   * {@code share} when they are busy. A replica's answer is the reply, its 4xx included; a 5xx or a
   * replica gone is tried once on another; admission's refusal, or a second failure, fails it.
   */
  public CompletableFuture<Reply> post(String model, String path, String body, Share share) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    Share call = share.expecting(expectedTokens(path, bytes));
    return post(model, path, bytes, new HashSet<>(), 0, call)
        .whenComplete(
            (r, e) -> {
              TokenCounts used = r == null ? null : TokenCounts.scan(r.body());
              if (used != null) {
                admission.settle(model, call, used.prompt(), used.completion());
              }
            });
  }

  /** What the body is expected to cost its tenant's fair share until its answer tells. */
  private double expectedTokens(String path, byte[] body) {
    InferenceRequest.Kind kind = InferenceRequest.Kind.at(path);
    try {
      InferenceRequest r = InferenceRequest.parse(body, kind);
      return settings.weightedTokens(
          r.expectedPromptTokens(), r.expectedCompletionTokens(kind, UNBOUNDED_GUESS));
    } catch (RuntimeException e) {
      return settings.weightedTokens(body.length / 4, 0); // the replica's 400 will say why
    }
  }

  /** The tokens an answer without {@code max_tokens} is expected to take (as for requests). */
  private static final long UNBOUNDED_GUESS = 256;

  private CompletableFuture<Reply> post(
      String model, String path, byte[] body, Set<UUID> tried, int n, Share share) {
    return admission
        .acquire(model, tried, share)
        .exceptionallyCompose(failure -> CompletableFuture.failedFuture(refusedAdmission(failure)))
        .thenCompose(
            endpoint ->
                traffic
                    .post(endpoint, path, body, settings.upstreamTimeout())
                    .whenComplete((r, e) -> admission.release(endpoint, share))
                    .thenApply(
                        r -> {
                          if (FailureRule.replicasFault(r.status())) {
                            throw new IllegalStateException(
                                "status " + r.status() + ": " + FailureRule.errorMessage(r.body()));
                          }
                          return new Reply(endpoint.replicaId(), r.status(), r.body());
                        })
                    .exceptionallyCompose(
                        failure -> {
                          directory.failed(endpoint.replicaId());
                          tried.add(endpoint.replicaId());
                          if (n < 1
                              && directory.ready(model).stream()
                                  .anyMatch(e -> !tried.contains(e.replicaId()))) {
                            return post(model, path, body, tried, n + 1, share);
                          }
                          Throwable cause =
                              failure.getCause() != null ? failure.getCause() : failure;
                          return CompletableFuture.failedFuture(
                              new CallFailed(
                                  cause.getMessage(), endpoint.replicaId(), BAD_GATEWAY));
                        }));
  }

  /** A call of the gateway's own, at the default tier. */
  public CompletableFuture<Answer> chat(String model, String prompt, int maxTokens) {
    return chat(model, prompt, maxTokens, Share.SERVICE);
  }

  /**
   * A call made for a key's work (a tribunal's steps), waiting as {@code share} when the model is
   * busy and charged to its tenant's fair share what it used.
   */
  public CompletableFuture<Answer> chat(String model, String prompt, int maxTokens, Share share) {
    return chat(model, prompt, maxTokens, 0, share);
  }

  /** As above, sampled at {@code temperature} (a tribunal's request may set it). */
  public CompletableFuture<Answer> chat(
      String model, String prompt, int maxTokens, double temperature, Share share) {
    String body =
        JSON.createObjectBuilder()
            .add("model", model)
            .add(
                "messages",
                JSON.createArrayBuilder()
                    .add(JSON.createObjectBuilder().add("role", "user").add("content", prompt)))
            .add("max_tokens", maxTokens)
            .add("temperature", temperature)
            .build()
            .toString();
    Share call = share.expecting(settings.weightedTokens(prompt.length() / 4 + 1, maxTokens));
    return attempt(model, body, new HashSet<>(), 0, call)
        .whenComplete(
            (a, e) -> {
              if (a != null) {
                admission.settle(model, call, a.promptTokens(), a.completionTokens());
              }
            });
  }

  private CompletableFuture<Answer> attempt(
      String model, String body, Set<UUID> tried, int n, Share share) {
    long start = System.nanoTime();
    return admission
        .acquire(model, tried, share)
        .exceptionallyCompose(failure -> CompletableFuture.failedFuture(refusedAdmission(failure)))
        .thenCompose(
            endpoint ->
                send(endpoint, body, start)
                    .whenComplete((a, e) -> admission.release(endpoint, share))
                    .exceptionallyCompose(
                        failure -> {
                          Throwable why = failure.getCause() != null ? failure.getCause() : failure;
                          if (why instanceof RequestRefused refused) {
                            // the request's fault: no other replica would answer it otherwise
                            return CompletableFuture.failedFuture(
                                new CallFailed(
                                    why.getMessage(), endpoint.replicaId(), refused.status));
                          }
                          directory.failed(endpoint.replicaId());
                          tried.add(endpoint.replicaId());
                          if (n < 1
                              && directory.ready(model).stream()
                                  .anyMatch(e -> !tried.contains(e.replicaId()))) {
                            return attempt(model, body, tried, n + 1, share);
                          }
                          Throwable cause =
                              failure.getCause() != null ? failure.getCause() : failure;
                          return CompletableFuture.failedFuture(
                              new CallFailed(
                                  cause.getMessage(), endpoint.replicaId(), BAD_GATEWAY));
                        }));
  }

  /** Admission's refusal (429, 503) as a failed call with its status; anything else as it came. */
  private static Throwable refusedAdmission(Throwable failure) {
    Throwable why =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    return why instanceof AdmissionRefused refused
        ? new CallFailed(refused.getMessage(), null, refused.status())
        : failure;
  }

  private CompletableFuture<Answer> send(Endpoint endpoint, String body, long start) {
    return traffic
        .post(
            endpoint,
            "/v1/chat/completions",
            body.getBytes(StandardCharsets.UTF_8),
            settings.upstreamTimeout())
        .handleAsync(
            (response, failure) -> {
              if (failure != null) {
                throw new CompletionException(failure); // as it came, now on the executor
              }
              if (FailureRule.requestsFault(response.status())) {
                throw new RequestRefused(
                    response.status(),
                    "status "
                        + response.status()
                        + ": "
                        + FailureRule.errorMessage(response.body()));
              }
              if (response.status() != 200) {
                throw new IllegalStateException(
                    "status "
                        + response.status()
                        + ": "
                        + FailureRule.errorMessage(response.body()));
              }
              JsonObject json;
              try (var reader = JSON.createReader(new StringReader(response.body()))) {
                json = reader.readObject();
              }
              String text =
                  json.getJsonArray("choices")
                      .getJsonObject(0)
                      .getJsonObject("message")
                      .getString("content", "");
              JsonObject usage = json.getJsonObject("usage");
              directory.succeeded(endpoint.replicaId());
              return new Answer(
                  endpoint.replicaId(),
                  text,
                  usage == null ? 0 : usage.getInt("prompt_tokens", 0),
                  usage == null ? 0 : usage.getInt("completion_tokens", 0),
                  (System.nanoTime() - start) / 1_000_000);
            },
            executor);
  }
}
