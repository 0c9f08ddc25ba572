package org.slurmllm.cluster.control;

import jakarta.json.JsonObject;
import java.util.Map;
import org.slurmllm.cluster.entity.ClusterState;
import org.slurmllm.cluster.entity.JobRequest;
import org.slurmllm.cluster.entity.JobStatus;

/**
 * One shape of slurmrestd's JSON: the requests and answers that differ between its API versions.
 * What the versions share (errors, warnings, job ids) is in {@link SlurmRestAnswers}.
 */
interface RestFormat {

  /** The API version, as in the paths: v0.0.42. */
  String version();

  /** The path of an endpoint of this version: /slurm/v0.0.42 + rest. */
  default String path(String rest) {
    return "/slurm/" + version() + rest;
  }

  JsonObject submitBody(JobRequest request, Map<String, String> baseEnvironment);

  /** One job of a {@code GET job/{id}} or {@code GET jobs} answer. */
  JobStatus jobStatus(JsonObject job);

  ClusterState cluster(JsonObject nodesAnswer, JsonObject partitionsAnswer);

  /**
   * Whether a {@code DELETE job/{id}} answer tells of a job it could not cancel (unknown, already
   * ended). Where it does not (it answers 200 and nothing for any id), the scheduler asks the job's
   * state afterwards.
   */
  boolean deleteReportsEachJob();
}
