package org.slurmllm.cluster.control;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.slurmllm.cluster.entity.ClusterState;
import org.slurmllm.cluster.entity.ClusterState.Node;
import org.slurmllm.cluster.entity.ClusterState.Partition;
import org.slurmllm.cluster.entity.JobRequest;
import org.slurmllm.cluster.entity.JobState;
import org.slurmllm.cluster.entity.JobStatus;

/**
 * slurmrestd's JSON of API v0.0.40, v0.0.41 and v0.0.42 (Slurm 23.11 to 25.x), which agree in
 * everything the gateway uses: the script and an environment list of {@code K=V} inside the job,
 * GPUs as {@code tres_per_node: "gres/gpu:N"}, numbers as {@code {"set","infinite","number"}},
 * states as lists, exit codes as objects. Only v0.0.42 reports per job what a cancel did.
 */
final class SlurmRest40Format implements RestFormat {

  private final String version;

  SlurmRest40Format(String version) {
    this.version = version;
  }

  @Override
  public String version() {
    return version;
  }

  @Override
  public boolean deleteReportsEachJob() {
    // v0.0.40 and v0.0.41 answer {"errors":[],"warnings":[]} even for an unknown or ended job
    return version.compareTo("v0.0.42") >= 0;
  }

  @Override
  public JsonObject submitBody(JobRequest r, Map<String, String> baseEnvironment) {
    // the job's own variables win over the gateway's; sorted, so a body is always the same
    Map<String, String> merged = new TreeMap<>(baseEnvironment);
    merged.putAll(r.environment());
    JsonArrayBuilder env = Json.createArrayBuilder();
    merged.forEach((k, v) -> env.add(k + "=" + v));
    JsonObjectBuilder job =
        Json.createObjectBuilder()
            .add("name", r.name())
            .add("script", r.script())
            .add("current_working_directory", r.workingDirectory())
            .add("standard_output", r.outputFile())
            .add("environment", env)
            .add("nodes", Integer.toString(r.nodes()))
            .add("tasks", r.nodes())
            .add("cpus_per_task", r.cpus())
            .add("memory_per_node", number(r.memoryMb()))
            .add("time_limit", number(r.timeLimitMinutes()));
    if (r.gpus() > 0) {
      // "gres" is no longer a field: it would be ignored with a warning and the job run without GPU
      job.add("tres_per_node", "gres/gpu:" + r.gpus());
    }
    optional(job, "partition", r.partition());
    optional(job, "account", r.account());
    optional(job, "qos", r.qos());
    optional(job, "constraints", r.constraint());
    if (r.nice() != 0) {
      job.add("nice", r.nice());
    }
    if (r.nodes() > 1) {
      job.add("tasks_per_node", 1);
    }
    if (!r.excludeNodes().isEmpty()) {
      JsonArrayBuilder excluded = Json.createArrayBuilder();
      r.excludeNodes().forEach(excluded::add);
      job.add("excluded_nodes", excluded);
    }
    return Json.createObjectBuilder().add("job", job).build();
  }

  private static JsonObject number(long n) {
    return Json.createObjectBuilder().add("set", true).add("number", n).build();
  }

  private static void optional(JsonObjectBuilder job, String key, String value) {
    if (value != null && !value.isBlank()) {
      job.add(key, value);
    }
  }

  @Override
  public JobStatus jobStatus(JsonObject job) {
    String id = Long.toString(job.getJsonNumber("job_id").longValue());
    JobState state = JobState.fromSlurm(firstState(job.get("job_state")));
    String reason = job.getString("state_reason", "None");
    Integer exit = exitCode(job.get("exit_code"));
    if ("None".equals(reason) || reason.isBlank()) {
      reason = state == JobState.FAILED && exit != null ? "exit code " + exit : null;
    }
    String node = job.getString("nodes", "");
    // a pending job's times are SLURM's expectations; a running job's end is its time limit's
    boolean pending = state == JobState.PENDING;
    return new JobStatus(
        id,
        state,
        reason,
        node.isBlank() ? null : node,
        exit,
        pending ? null : epoch(job.get("start_time")),
        pending ? null : epoch(job.get("end_time")));
  }

  /** The base state of a state list (["RUNNING", "COMPLETING"] is RUNNING). */
  static String firstState(JsonValue states) {
    if (states instanceof JsonArray list
        && !list.isEmpty()
        && list.get(0) instanceof JsonString s) {
      return s.getString();
    }
    return states instanceof JsonString s ? s.getString() : null;
  }

  /** A state list with one of these means the job is ending or ended. */
  static boolean endingOrEnded(JsonValue states) {
    if (!(states instanceof JsonArray list)) {
      return false;
    }
    return list.getValuesAs(JsonString.class).stream()
        .map(JsonString::getString)
        .anyMatch(s -> s.equals("COMPLETING") || JobState.fromSlurm(s).isTerminal());
  }

  /**
   * {@code {"status":[..],"return_code":{"set","number"},"signal":{"id":{"set","number"}}}}: a
   * signal counts as 128 + its number, as a shell reports it.
   */
  static Integer exitCode(JsonValue value) {
    if (!(value instanceof JsonObject code)) {
      return null;
    }
    Long signal =
        setNumber(
            code.getJsonObject("signal") == null ? null : code.getJsonObject("signal").get("id"));
    if (signal != null && signal > 0) {
      return 128 + signal.intValue();
    }
    Long returned = setNumber(code.get("return_code"));
    return returned == null ? null : returned.intValue();
  }

  /** The number of a {@code {"set": true, "number": n}} (or a bare number); null when not set. */
  static Long setNumber(JsonValue value) {
    if (value instanceof JsonNumber n) {
      return n.longValue();
    }
    if (value instanceof JsonObject o
        && o.getBoolean("set", false)
        && !o.getBoolean("infinite", false)
        && o.get("number") instanceof JsonNumber n) {
      return n.longValue();
    }
    return null;
  }

  private static Instant epoch(JsonValue value) {
    Long seconds = setNumber(value);
    return seconds != null && seconds > 0 ? Instant.ofEpochSecond(seconds) : null;
  }

  /**
   * Nodes' GPUs come from {@code gres} and {@code gres_used} (without slurmdbd they are not in the
   * TRES fields). These versions do not say which partition is the default: the first one slurmctld
   * lists (the first in slurm.conf) is taken as the default.
   */
  @Override
  public ClusterState cluster(JsonObject nodesAnswer, JsonObject partitionsAnswer) {
    List<Node> nodes = new ArrayList<>();
    for (JsonObject n : nodesAnswer.getJsonArray("nodes").getValuesAs(JsonObject.class)) {
      nodes.add(SlurmRestAnswers.node(n, states(n.get("state"))));
    }
    List<Partition> partitions = new ArrayList<>();
    List<JsonObject> listed =
        partitionsAnswer.getJsonArray("partitions").getValuesAs(JsonObject.class);
    for (int i = 0; i < listed.size(); i++) {
      JsonObject p = listed.get(i);
      JsonObject info = p.getJsonObject("partition");
      partitions.add(
          Partition.of(
              p.getString("name"),
              i == 0,
              info == null ? "unknown" : states(info.get("state")),
              limit(p.getJsonObject("maximums")),
              nodes));
    }
    return new ClusterState("slurm", version, partitions, nodes);
  }

  /**
   * A partition's longest time limit in minutes: {"time": {"set","infinite","number"}}; null for
   * none.
   */
  private static Integer limit(JsonObject maximums) {
    JsonValue time = maximums == null ? null : maximums.get("time");
    if (time instanceof JsonObject t
        && t.getBoolean("set", false)
        && !t.getBoolean("infinite", false)
        && t.get("number") instanceof JsonNumber n) {
      return n.intValue();
    }
    return null;
  }

  /** ["MIXED"] -> "mixed"; ["IDLE", "DRAIN"] -> "idle+drain", as sinfo would say it. */
  private static String states(JsonValue value) {
    if (value instanceof JsonArray list && !list.isEmpty()) {
      return String.join(
              "+", list.getValuesAs(JsonString.class).stream().map(JsonString::getString).toList())
          .toLowerCase(Locale.ROOT);
    }
    return value instanceof JsonString s ? s.getString().toLowerCase(Locale.ROOT) : "unknown";
  }
}
