package org.slurmllm.cluster.control;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slurmllm.cluster.entity.ClusterState;
import org.slurmllm.cluster.entity.ClusterState.Node;
import org.slurmllm.cluster.entity.ClusterState.Partition;
import org.slurmllm.cluster.entity.JobRequest;
import org.slurmllm.cluster.entity.JobState;
import org.slurmllm.cluster.entity.JobStatus;

/** slurmrestd's JSON of API v0.0.38 (Slurm 22.05 to 23.02), translated both ways. */
final class SlurmRest38Format implements RestFormat {

  @Override
  public String version() {
    return "v0.0.38";
  }

  @Override
  public boolean deleteReportsEachJob() {
    return true;
  }

  @Override
  public JsonObject submitBody(JobRequest r, Map<String, String> baseEnvironment) {
    JsonObjectBuilder env = Json.createObjectBuilder();
    baseEnvironment.forEach(env::add);
    r.environment().forEach(env::add);
    JsonObjectBuilder job =
        Json.createObjectBuilder()
            .add("name", r.name())
            .add("current_working_directory", r.workingDirectory())
            .add("standard_output", r.outputFile())
            .add("environment", env)
            .add("nodes", r.nodes())
            .add("tasks", r.nodes())
            .add("cpus_per_task", r.cpus())
            .add("memory_per_node", r.memoryMb())
            .add("time_limit", r.timeLimitMinutes());
    if (r.gpus() > 0) {
      job.add("gres", "gpu:" + r.gpus());
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
    // excludeNodes cannot be said: v0.0.38 knows no such key (nor required_nodes). Replicas spread
    // there by the partition's LLN (least loaded node), as the README's "Many nodes" says.
    return Json.createObjectBuilder().add("script", r.script()).add("job", job).build();
  }

  private static void optional(JsonObjectBuilder job, String key, String value) {
    if (value != null && !value.isBlank()) {
      job.add(key, value);
    }
  }

  @Override
  public JobStatus jobStatus(JsonObject job) {
    String id = Long.toString(job.getJsonNumber("job_id").longValue());
    JobState state = JobState.fromSlurm(job.getString("job_state", null));
    String reason = job.getString("state_reason", "None");
    Integer exit = exitCode(job.get("exit_code"));
    if ("None".equals(reason) || reason.isBlank()) {
      reason = state == JobState.FAILED && exit != null ? "exit code " + exit : null;
    }
    String node = job.getString("nodes", "");
    return new JobStatus(
        id,
        state,
        reason,
        node.isBlank() ? null : node,
        exit,
        epoch(job.get("start_time")),
        epoch(job.get("end_time")));
  }

  /** slurmrestd gives the raw wait status: 768 is exit 3; a signal counts as 128 + signal. */
  static Integer exitCode(JsonValue value) {
    if (!(value instanceof JsonNumber n)) {
      return null;
    }
    int status = n.intValue();
    int signal = status & 0x7f;
    return signal != 0 ? 128 + signal : (status >> 8) & 0xff;
  }

  private static Instant epoch(JsonValue value) {
    return value instanceof JsonNumber n && n.longValue() > 0
        ? Instant.ofEpochSecond(n.longValue())
        : null;
  }

  @Override
  public ClusterState cluster(JsonObject nodesResponse, JsonObject partitionsResponse) {
    List<Node> nodes = new ArrayList<>();
    for (JsonValue v : nodesResponse.getJsonArray("nodes")) {
      JsonObject n = v.asJsonObject();
      nodes.add(SlurmRestAnswers.node(n, n.getString("state", "unknown").toLowerCase()));
    }
    List<Partition> partitions = new ArrayList<>();
    for (JsonValue v : partitionsResponse.getJsonArray("partitions")) {
      JsonObject p = v.asJsonObject();
      JsonArray flags = p.getJsonArray("flags");
      boolean isDefault =
          flags != null
              && flags.getValuesAs(JsonString.class).stream()
                  .anyMatch(f -> f.getString().equals("default"));
      partitions.add(
          Partition.of(
              p.getString("name"),
              isDefault,
              p.getString("state", "unknown").toLowerCase(),
              p.get("max_time_limit") instanceof JsonNumber limit && limit.intValue() >= 0
                  ? limit.intValue()
                  : null, // -1: unlimited
              nodes));
    }
    return new ClusterState("slurm", version(), partitions, nodes);
  }
}
