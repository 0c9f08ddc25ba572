package org.slurmllm.cluster.control;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParsingException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.slurmllm.cluster.entity.ClusterState.Node;
import org.slurmllm.cluster.entity.JobStatus;
import org.slurmllm.cluster.entity.NamedJob;
import org.slurmllm.cluster.entity.SchedulerUnavailableException;

/** What every slurmrestd API version answers alike: errors, warnings, job ids, job lists. */
final class SlurmRestAnswers {

  /** slurmrestd's error number for "Invalid job id specified". */
  static final int INVALID_JOB_ID = 2017;

  private SlurmRestAnswers() {}

  /** An answer's JSON object; an answer without one makes the scheduler unavailable. */
  static JsonObject json(String path, int status, String body) {
    try (JsonReader reader = Json.createReader(new StringReader(body))) {
      return reader.readObject();
    } catch (JsonParsingException | ClassCastException e) {
      String start = body.length() > 200 ? body.substring(0, 200) + "..." : body;
      throw new SchedulerUnavailableException(
          "slurmrestd answered " + status + " to " + path + " without JSON: " + start);
    }
  }

  /** The errors slurmrestd reports, as one line; empty when there are none. */
  static String errors(JsonObject response) {
    return messages(response.getJsonArray("errors"));
  }

  /**
   * The warnings, as one line. On v0.0.40 and later a field the server does not know is only a
   * warning (an old {@code gres} makes a job without its GPU), so a submit with warnings is
   * refused.
   */
  static String warnings(JsonObject response) {
    return messages(response.getJsonArray("warnings"));
  }

  private static String messages(JsonArray list) {
    if (list == null || list.isEmpty()) {
      return "";
    }
    List<String> texts = new ArrayList<>();
    for (JsonValue e : list) {
      JsonObject error = e.asJsonObject();
      String description = error.getString("description", "");
      String text = error.getString("error", "");
      texts.add(
          description.isEmpty() ? text : text.isEmpty() ? description : text + ": " + description);
    }
    return String.join("; ", texts);
  }

  static boolean isInvalidJobId(JsonObject response) {
    JsonArray errors = response.getJsonArray("errors");
    return errors != null
        && errors.stream()
            .map(JsonValue::asJsonObject)
            .anyMatch(e -> errorNumber(e) == INVALID_JOB_ID);
  }

  private static int errorNumber(JsonObject error) {
    // the key differs between plugin versions
    for (String key : List.of("error_number", "error_code", "errno")) {
      if (error.get(key) instanceof JsonNumber n) {
        return n.intValue();
      }
    }
    return -1;
  }

  static String submittedJobId(JsonObject response) {
    JsonValue id = response.get("job_id");
    if (id instanceof JsonNumber n) {
      return Long.toString(n.longValue());
    }
    throw new IllegalArgumentException("no job_id in " + response);
  }

  /**
   * A node of a {@code GET .../nodes} answer, whose fields every version names alike; only the
   * state's shape differs (a word, or a list from v0.0.40 on). GPUs come from {@code gres} and
   * {@code gres_used}: without slurmdbd they are not in the TRES fields.
   */
  static Node node(JsonObject n, String state) {
    JsonArray partitions = n.getJsonArray("partitions");
    return new Node(
        n.getString("name"),
        state,
        partitions == null
            ? List.of()
            : partitions.getValuesAs(JsonString.class).stream().map(JsonString::getString).toList(),
        n.getInt("cpus", 0),
        n.getInt("alloc_cpus", 0),
        SlurmCliFormat.gpus(n.getString("gres", "")),
        SlurmCliFormat.gpus(n.getString("gres_used", "")),
        n.getJsonNumber("real_memory") == null ? 0 : n.getJsonNumber("real_memory").longValue(),
        n.getJsonNumber("alloc_memory") == null ? 0 : n.getJsonNumber("alloc_memory").longValue(),
        n.getString("address", n.getString("name")));
  }

  /** The job of a {@code GET job/{id}} answer; empty for an unknown id. */
  static Optional<JsonObject> job(JsonObject answer) {
    if (isInvalidJobId(answer) || !(answer.get("jobs") instanceof JsonArray jobs)) {
      return Optional.empty();
    }
    return jobs.isEmpty() ? Optional.empty() : Optional.of(jobs.getJsonObject(0));
  }

  /** v0.0.42 reports per job what a cancel did: {"status":[{"error":{"string","code"}}]}. */
  static String cancelErrors(JsonObject answer) {
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

  /**
   * Whether a job of a {@code GET job/{id}} or {@code GET jobs} answer runs as the user. A job
   * without a user name (slurmctld could not resolve its uid) is nobody's: not ours.
   */
  static boolean isOwnedBy(JsonObject job, String user) {
    return !user.isEmpty() && user.equals(job.getString("user_name", null));
  }

  /** Whose a job is, for logs. */
  static String owner(JsonObject job) {
    return job.getString("user_name", "user " + job.get("user_id"));
  }

  /**
   * The queued and running jobs of a {@code GET .../jobs} answer whose names start so and that run
   * as the user: anyone can give a job this installation's name, only its user's jobs are its own.
   */
  static List<NamedJob> activeJobsNamed(
      JsonObject answer, String prefix, String user, Function<JsonObject, JobStatus> status) {
    List<NamedJob> found = new ArrayList<>();
    JsonArray jobs = answer.getJsonArray("jobs");
    if (jobs == null) {
      return found;
    }
    for (JsonObject job : jobs.getValuesAs(JsonObject.class)) {
      String name = job.getString("name", "");
      if (name.startsWith(prefix) && isOwnedBy(job, user)) {
        JobStatus s = status.apply(job);
        if (!s.state().isTerminal()) {
          found.add(new NamedJob(name, s));
        }
      }
    }
    return found;
  }
}
