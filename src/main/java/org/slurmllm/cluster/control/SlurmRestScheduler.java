package org.slurmllm.cluster.control;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.stream.JsonParsingException;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slurmllm.cluster.entity.ClusterState;
import org.slurmllm.cluster.entity.JobRequest;
import org.slurmllm.cluster.entity.JobStatus;
import org.slurmllm.cluster.entity.NamedJob;
import org.slurmllm.cluster.entity.SchedulerUnavailableException;
import org.slurmllm.cluster.entity.SubmitRejectedException;

/**
 * SLURM through slurmrestd, authenticated with a JWT the application signs with the cluster's key.
 * Jobs run as the user named in the token. Status queries for many jobs go out at once. The API
 * version is the newest the server offers of those known ({@link RestVersions}), found on first use
 * and again when the server stops serving it (an upgraded slurmrestd).
 */
public class SlurmRestScheduler implements Scheduler {

  private static final Duration TIMEOUT = Duration.ofSeconds(15);

  // HTTP/1.1 only: slurmrestd answers the client's h2c upgrade offer with a response the
  // client cannot parse
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final URI base;
  private final SlurmJwt jwt;
  private final Map<String, String> environment;
  private volatile RestFormat format;

  public SlurmRestScheduler(URI base, Path jwtKey, String user, Map<String, String> environment) {
    this(base, jwtKey, user, environment, null);
  }

  /** One that speaks the given version, without asking the server (tests of older versions). */
  SlurmRestScheduler(
      URI base, Path jwtKey, String user, Map<String, String> environment, RestFormat format) {
    this.base = base;
    this.jwt = new SlurmJwt(jwtKey, user, Clock.systemUTC());
    this.environment = Map.copyOf(environment);
    this.format = format;
  }

  @Override
  public String kind() {
    return "rest";
  }

  @Override
  public String submit(JobRequest request) {
    RestFormat f = format();
    JsonObject body = f.submitBody(request, environment);
    JsonObject answer =
        join(
            send(
                request(f.path("/job/submit"))
                    .POST(BodyPublishers.ofString(body.toString()))
                    .build()));
    String errors = SlurmRestAnswers.errors(answer);
    if (!errors.isEmpty() || !answer.containsKey("job_id")) {
      throw new SubmitRejectedException(errors.isEmpty() ? "slurmrestd gave no job id" : errors);
    }
    String id = SlurmRestAnswers.submittedJobId(answer);
    String warnings = SlurmRestAnswers.warnings(answer);
    if (!warnings.isEmpty()) {
      // a field the server ignored (a GPU request, say): the job would not be what was asked
      cancel(id);
      throw new SubmitRejectedException("slurmrestd accepted the job with warnings: " + warnings);
    }
    return id;
  }

  @Override
  public Map<String, JobStatus> status(Collection<String> jobIds) {
    Map<String, CompletableFuture<JobStatus>> pending = new LinkedHashMap<>();
    for (String id : jobIds) {
      pending.put(
          id,
          send(request(format().path("/job/" + id)).GET().build())
              .thenApply(answer -> statusOf(id, answer)));
    }
    Map<String, JobStatus> answer = new LinkedHashMap<>();
    pending.forEach((id, future) -> answer.put(id, join(future)));
    return answer;
  }

  private JobStatus statusOf(String id, JsonObject answer) {
    if (SlurmRestAnswers.isInvalidJobId(answer) || answer.getJsonArray("jobs") == null) {
      return JobStatus.unknown(id);
    }
    List<JsonObject> jobs = answer.getJsonArray("jobs").getValuesAs(JsonObject.class);
    return jobs.isEmpty() ? JobStatus.unknown(id) : format().jobStatus(jobs.get(0));
  }

  @Override
  public List<NamedJob> activeJobsNamed(String prefix) {
    RestFormat f = format();
    JsonObject answer = join(send(request(f.path("/jobs")).GET().build()));
    String errors = SlurmRestAnswers.errors(answer);
    if (!errors.isEmpty() && !answer.containsKey("jobs")) {
      throw new SchedulerUnavailableException("slurmrestd could not list jobs: " + errors);
    }
    return SlurmRestAnswers.activeJobsNamed(answer, prefix, f::jobStatus);
  }

  @Override
  public void cancel(String jobId) {
    RestFormat f = format();
    JsonObject answer = join(send(request(f.path("/job/" + jobId)).DELETE().build()));
    String errors = SlurmRestAnswers.errors(answer) + statusErrors(answer);
    if (!errors.isEmpty()
        && !SlurmRestAnswers.isInvalidJobId(answer)
        && !errors.contains("Invalid job id")
        && !errors.contains("already completing or completed")) {
      throw new SchedulerUnavailableException("cancel " + jobId + ": " + errors);
    }
    if (!f.deleteReportsEachJob()) {
      // v0.0.40/41 answer 200 and nothing, whatever happened: ask the job itself
      JsonObject job = join(send(request(f.path("/job/" + jobId)).GET().build()));
      List<JsonObject> jobs =
          job.getJsonArray("jobs") == null
              ? List.of()
              : job.getJsonArray("jobs").getValuesAs(JsonObject.class);
      if (!jobs.isEmpty() && !SlurmRest40Format.endingOrEnded(jobs.get(0).get("job_state"))) {
        throw new SchedulerUnavailableException(
            "cancel "
                + jobId
                + ": slurmrestd answered, but the job is still "
                + jobs.get(0).get("job_state"));
      }
    }
  }

  /** v0.0.42 reports per job what a cancel did: {"status":[{"error":{"string","code"}}]}. */
  private static String statusErrors(JsonObject answer) {
    if (!(answer.get("status") instanceof JsonArray list)) {
      return "";
    }
    StringBuilder text = new StringBuilder();
    for (JsonObject s : list.getValuesAs(JsonObject.class)) {
      JsonObject error = s.getJsonObject("error");
      if (error != null && error.getInt("code", 0) != 0) {
        text.append(text.length() == 0 ? "" : "; ").append(error.getString("string", ""));
      }
    }
    return text.toString();
  }

  @Override
  public ClusterState describe() {
    RestFormat f = format();
    CompletableFuture<JsonObject> nodes = send(request(f.path("/nodes")).GET().build());
    CompletableFuture<JsonObject> partitions = send(request(f.path("/partitions")).GET().build());
    return f.cluster(join(nodes), join(partitions));
  }

  /** The API version in use, found on first use. */
  RestFormat format() {
    RestFormat f = format;
    if (f == null) {
      f = negotiate();
    }
    return f;
  }

  /**
   * Asks for each known version's {@code ping}, newest first, and keeps the first the server serves
   * (it answers 404 for the others). ping answers 200 to any token, so this says nothing about the
   * key: a refused token shows on the first real request.
   */
  private synchronized RestFormat negotiate() {
    if (format == null) {
      format =
          RestVersions.newestServed(
              path -> {
                HttpResponse<String> r =
                    join(http.sendAsync(request(path).GET().build(), BodyHandlers.ofString()));
                return r.statusCode() != 404;
              });
    }
    return format;
  }

  /**
   * Forgets the version when the server no longer serves it: a 404 without JSON is slurmrestd's
   * "Unable find requested URL" (an unknown job is a 404 with a JSON error), so the next request
   * negotiates again.
   */
  private void forgetVersionIf404(HttpRequest request, HttpResponse<String> response) {
    if (response.statusCode() == 404 && !response.body().strip().startsWith("{")) {
      format = null;
      throw new SchedulerUnavailableException(
          "slurmrestd does not serve " + request.uri().getPath() + " (any more)");
    }
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(base.resolve(path))
        .timeout(TIMEOUT)
        .header("Content-Type", "application/json")
        .header("X-SLURM-USER-NAME", jwt.user())
        .header("X-SLURM-USER-TOKEN", jwt.token());
  }

  /**
   * slurmrestd answers errors with 500 and a JSON body (even for a bad token), so the body, not the
   * status, tells what happened.
   */
  private CompletableFuture<JsonObject> send(HttpRequest request) {
    return http.sendAsync(request, BodyHandlers.ofString())
        .thenApply(response -> parse(request, response));
  }

  private JsonObject parse(HttpRequest request, HttpResponse<String> response) {
    if (response.statusCode() == 511 || response.statusCode() == 401) {
      // 511 Network Authentication Required: v0.0.40 and later say so for a bad or expired token
      throw new SchedulerUnavailableException(
          "slurmrestd refused the token (HTTP "
              + response.statusCode()
              + "): check SLURMLLM_SLURM_JWT_KEY (the cluster's jwt_key) and SLURMLLM_SLURM_USER");
    }
    forgetVersionIf404(request, response);
    try (JsonReader reader = Json.createReader(new StringReader(response.body()))) {
      return reader.readObject();
    } catch (JsonParsingException | ClassCastException e) {
      throw new SchedulerUnavailableException(
          "slurmrestd answered "
              + response.statusCode()
              + " to "
              + request.uri().getPath()
              + " without JSON: "
              + abbreviate(response.body()));
    }
  }

  private static String abbreviate(String text) {
    return text.length() > 200 ? text.substring(0, 200) + "..." : text;
  }

  private static <T> T join(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r
          && !(e.getCause() instanceof CompletionException)) {
        throw r;
      }
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof IOException) {
        throw new SchedulerUnavailableException("slurmrestd unreachable: " + cause, cause);
      }
      throw new SchedulerUnavailableException("slurmrestd: " + cause, cause);
    }
  }
}
