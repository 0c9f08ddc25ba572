package org.slurmllm.cluster.control;

import jakarta.json.Json;
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
 * Jobs run as the user named in the token. Status queries for many jobs go out at once.
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

  public SlurmRestScheduler(
      URI base, java.nio.file.Path jwtKey, String user, Map<String, String> environment) {
    this.base = base;
    this.jwt = new SlurmJwt(jwtKey, user, java.time.Clock.systemUTC());
    this.environment = Map.copyOf(environment);
  }

  @Override
  public String kind() {
    return "rest";
  }

  @Override
  public String submit(JobRequest request) {
    JsonObject body = SlurmRestFormat.submitBody(request, environment);
    JsonObject answer =
        join(
            send(
                request(SlurmRestFormat.API + "/job/submit")
                    .POST(BodyPublishers.ofString(body.toString()))
                    .build()));
    String errors = SlurmRestFormat.errors(answer);
    if (!errors.isEmpty() || !answer.containsKey("job_id")) {
      throw new SubmitRejectedException(errors.isEmpty() ? "slurmrestd gave no job id" : errors);
    }
    return SlurmRestFormat.submittedJobId(answer);
  }

  @Override
  public Map<String, JobStatus> status(Collection<String> jobIds) {
    Map<String, CompletableFuture<JobStatus>> pending = new LinkedHashMap<>();
    for (String id : jobIds) {
      pending.put(
          id,
          send(request(SlurmRestFormat.API + "/job/" + id).GET().build())
              .thenApply(answer -> statusOf(id, answer)));
    }
    Map<String, JobStatus> answer = new LinkedHashMap<>();
    pending.forEach((id, future) -> answer.put(id, join(future)));
    return answer;
  }

  private static JobStatus statusOf(String id, JsonObject answer) {
    if (SlurmRestFormat.isInvalidJobId(answer)) {
      return JobStatus.unknown(id);
    }
    List<JsonObject> jobs = answer.getJsonArray("jobs").getValuesAs(JsonObject.class);
    return jobs.isEmpty() ? JobStatus.unknown(id) : SlurmRestFormat.jobStatus(jobs.get(0));
  }

  @Override
  public List<NamedJob> activeJobsNamed(String prefix) {
    JsonObject answer = join(send(request(SlurmRestFormat.API + "/jobs").GET().build()));
    String errors = SlurmRestFormat.errors(answer);
    if (!errors.isEmpty() && !answer.containsKey("jobs")) {
      throw new SchedulerUnavailableException("slurmrestd could not list jobs: " + errors);
    }
    return SlurmRestFormat.activeJobsNamed(answer, prefix);
  }

  @Override
  public void cancel(String jobId) {
    JsonObject answer = join(send(request(SlurmRestFormat.API + "/job/" + jobId).DELETE().build()));
    String errors = SlurmRestFormat.errors(answer);
    if (!errors.isEmpty()
        && !SlurmRestFormat.isInvalidJobId(answer)
        && !errors.contains("already completing or completed")) {
      throw new SchedulerUnavailableException("cancel " + jobId + ": " + errors);
    }
  }

  @Override
  public ClusterState describe() {
    CompletableFuture<JsonObject> nodes =
        send(request(SlurmRestFormat.API + "/nodes").GET().build());
    CompletableFuture<JsonObject> partitions =
        send(request(SlurmRestFormat.API + "/partitions").GET().build());
    return SlurmRestFormat.cluster(join(nodes), join(partitions));
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

  private static JsonObject parse(HttpRequest request, HttpResponse<String> response) {
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
