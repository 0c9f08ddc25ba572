package org.slurmllm.cluster.control;

import jakarta.json.JsonObject;
import java.io.IOException;
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
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.logging.Logger;
import org.slurmllm.cluster.entity.ClusterState;
import org.slurmllm.cluster.entity.JobRequest;
import org.slurmllm.cluster.entity.JobStatus;
import org.slurmllm.cluster.entity.NamedJob;
import org.slurmllm.cluster.entity.SchedulerUnavailableException;
import org.slurmllm.cluster.entity.SubmitRejectedException;

/**
 * SLURM through slurmrestd, authenticated with a JWT ({@link SlurmToken}: signed with the cluster's
 * key, or the site's token for the service's user). Jobs run as the token's user, and only that
 * user's jobs are the scheduler's: anyone can name a job like the gateway's, so listings, statuses
 * and cancels leave other users' jobs alone (as {@code squeue --me} does). Status queries for many
 * jobs go out at once. The API version is the newest the server offers of those known ({@link
 * RestVersions}), found on first use and again when the server stops serving it. A URL the token
 * must not go to ({@link SlurmRestUrl}) makes a scheduler that sends nothing and says why.
 */
public class SlurmRestScheduler implements Scheduler {

  private static final Logger LOG = Logger.getLogger(SlurmRestScheduler.class.getName());

  private static final Duration TIMEOUT = Duration.ofSeconds(15);

  // HTTP/1.1 only: slurmrestd answers the client's h2c upgrade offer with a response the
  // client cannot parse
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final URI base;
  private final SlurmToken token;
  private final Optional<String> refusedUrl;
  private final Map<String, String> environment;
  private volatile RestFormat format;

  /** One that signs its tokens with the cluster's key (development). */
  public SlurmRestScheduler(URI base, Path jwtKey, String user, Map<String, String> environment) {
    this(base, new SlurmJwt(jwtKey, user, Clock.systemUTC()), false, environment, null);
  }

  /**
   * @param trustedNetwork whether plain HTTP to another machine is allowed
   * @param format the version to speak, or null to ask the server (tests pin older versions)
   */
  SlurmRestScheduler(
      URI base,
      SlurmToken token,
      boolean trustedNetwork,
      Map<String, String> environment,
      RestFormat format) {
    this.base = base;
    this.token = token;
    this.refusedUrl = SlurmRestUrl.refusal(base, trustedNetwork);
    this.environment = Map.copyOf(environment);
    this.format = format;
  }

  @Override
  public Optional<String> settingsRefused() {
    return refusedUrl;
  }

  /** The user the jobs run as: the only user whose jobs this scheduler lists, reads or cancels. */
  String user() {
    return token.user();
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
    Optional<JsonObject> job = SlurmRestAnswers.job(answer);
    if (job.isPresent() && !SlurmRestAnswers.isOwnedBy(job.get(), user())) {
      // an id recorded for a job of ours now names another user's (a controller whose job ids
      // started again): that job tells nothing about ours
      LOG.warning(() -> "job " + id + " is " + SlurmRestAnswers.owner(job.get()) + "'s, not ours");
      return JobStatus.unknown(id);
    }
    return job.map(format()::jobStatus).orElse(JobStatus.unknown(id));
  }

  @Override
  public List<NamedJob> activeJobsNamed(String prefix) {
    RestFormat f = format();
    JsonObject answer = join(send(request(f.path("/jobs")).GET().build()));
    String errors = SlurmRestAnswers.errors(answer);
    if (!errors.isEmpty() && !answer.containsKey("jobs")) {
      throw new SchedulerUnavailableException("slurmrestd could not list jobs: " + errors);
    }
    return SlurmRestAnswers.activeJobsNamed(answer, prefix, user(), f::jobStatus);
  }

  /**
   * Cancels the job if it is ours. slurmrestd cancels any user's job for an operator's token (root,
   * SlurmUser): the job is read first, and another user's is left alone.
   */
  @Override
  public void cancel(String jobId) {
    RestFormat f = format();
    Optional<JsonObject> before = job(f, jobId);
    if (before.isPresent() && !SlurmRestAnswers.isOwnedBy(before.get(), user())) {
      String owner = SlurmRestAnswers.owner(before.get());
      LOG.warning(
          () -> "not cancelling job %s: it is %s's, not %s's".formatted(jobId, owner, user()));
      return;
    }
    JsonObject answer = join(send(request(f.path("/job/" + jobId)).DELETE().build()));
    String errors = SlurmRestAnswers.errors(answer) + SlurmRestAnswers.cancelErrors(answer);
    if (!errors.isEmpty()
        && !SlurmRestAnswers.isInvalidJobId(answer)
        && !errors.contains("Invalid job id")
        && !errors.contains("already completing or completed")) {
      throw new SchedulerUnavailableException("cancel " + jobId + ": " + errors);
    }
    if (!f.deleteReportsEachJob()) {
      // v0.0.40/41 answer 200 and nothing, whatever happened: ask the job itself
      Optional<JsonObject> after = job(f, jobId);
      if (after.isPresent() && !SlurmRest40Format.endingOrEnded(after.get().get("job_state"))) {
        throw new SchedulerUnavailableException(
            "cancel "
                + jobId
                + ": slurmrestd answered, but the job is still "
                + after.get().get("job_state"));
      }
    }
  }

  private Optional<JsonObject> job(RestFormat f, String jobId) {
    return SlurmRestAnswers.job(join(send(request(f.path("/job/" + jobId)).GET().build())));
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
    if (refusedUrl.isPresent()) {
      // nothing goes out: the token would
      throw new SchedulerUnavailableException(refusedUrl.get());
    }
    return HttpRequest.newBuilder(base.resolve(path))
        .timeout(TIMEOUT)
        .header("Content-Type", "application/json")
        .header("X-SLURM-USER-NAME", token.user())
        .header("X-SLURM-USER-TOKEN", token.token());
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
              + "): check SLURMLLM_SLURM_JWT_KEY (the cluster's jwt_key) or the token in"
              + " SLURMLLM_SLURM_TOKEN_FILE, and SLURMLLM_SLURM_USER");
    }
    forgetVersionIf404(request, response);
    return SlurmRestAnswers.json(request.uri().getPath(), response.statusCode(), response.body());
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
