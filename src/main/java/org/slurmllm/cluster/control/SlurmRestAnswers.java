package org.slurmllm.cluster.control;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slurmllm.cluster.entity.ClusterState.Node;
import org.slurmllm.cluster.entity.JobStatus;
import org.slurmllm.cluster.entity.NamedJob;

/** What every slurmrestd API version answers alike: errors, warnings, job ids, job lists. */
final class SlurmRestAnswers {

  /** slurmrestd's error number for "Invalid job id specified". */
  static final int INVALID_JOB_ID = 2017;

  private SlurmRestAnswers() {}

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
        n.getJsonNumber("alloc_memory") == null ? 0 : n.getJsonNumber("alloc_memory").longValue());
  }

  /** The queued and running jobs of a {@code GET .../jobs} answer whose names start so. */
  static List<NamedJob> activeJobsNamed(
      JsonObject answer, String prefix, Function<JsonObject, JobStatus> status) {
    List<NamedJob> found = new ArrayList<>();
    JsonArray jobs = answer.getJsonArray("jobs");
    if (jobs == null) {
      return found;
    }
    for (JsonObject job : jobs.getValuesAs(JsonObject.class)) {
      String name = job.getString("name", "");
      if (name.startsWith(prefix)) {
        JobStatus s = status.apply(job);
        if (!s.state().isTerminal()) {
          found.add(new NamedJob(name, s));
        }
      }
    }
    return found;
  }
}
