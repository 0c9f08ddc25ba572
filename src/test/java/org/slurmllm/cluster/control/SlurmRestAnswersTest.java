package org.slurmllm.cluster.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slurmllm.cluster.entity.NamedJob;

/**
 * Jobs are the gateway's by user as well as by name: a cluster user who names a job like a chunk of
 * this installation's (the names are in {@code squeue} for all to see) gets it neither adopted nor
 * cancelled.
 */
class SlurmRestAnswersTest {

  static final String PREFIX = "slurmllm.inst1.chunk.b1.0.";

  static JsonObject json(String text) {
    return Json.createReader(new StringReader(text)).readObject();
  }

  /** A v0.0.38 jobs answer (Slurm 22.05): ours, a forged one of mallory's, one without a user. */
  static final JsonObject V38 =
      json(
          """
          {"jobs": [
            {"job_id": 11, "name": "slurmllm.inst1.chunk.b1.0.1", "user_name": "svc",
             "user_id": 990, "job_state": "RUNNING", "state_reason": "None", "nodes": "vm",
             "exit_code": 0, "start_time": 1, "end_time": 2},
            {"job_id": 12, "name": "slurmllm.inst1.chunk.b1.0.2", "user_name": "mallory",
             "user_id": 1001, "job_state": "PENDING", "state_reason": "Priority", "nodes": "",
             "exit_code": 0, "start_time": 0, "end_time": 0},
            {"job_id": 13, "name": "slurmllm.inst1.chunk.b1.0.3", "user_id": 4242,
             "job_state": "RUNNING", "state_reason": "None", "nodes": "vm", "exit_code": 0,
             "start_time": 1, "end_time": 2}
          ]}
          """);

  /** The same in v0.0.42's shape (Slurm 24.11). */
  static final JsonObject V42 =
      json(
          """
          {"jobs": [
            {"job_id": 21, "name": "slurmllm.inst1.chunk.b1.0.1", "user_name": "svc",
             "job_state": ["RUNNING"], "state_reason": "None", "nodes": "vm"},
            {"job_id": 22, "name": "slurmllm.inst1.chunk.b1.0.2", "user_name": "mallory",
             "job_state": ["RUNNING"], "state_reason": "None", "nodes": "vm"},
            {"job_id": 23, "name": "slurmllm.inst1.chunk.b1.0.3", "user_name": "",
             "job_state": ["PENDING"], "state_reason": "Priority", "nodes": ""}
          ]}
          """);

  @Test
  void aSameNamedJobOfAnotherUserIsNotListedV38() {
    List<NamedJob> jobs =
        SlurmRestAnswers.activeJobsNamed(V38, PREFIX, "svc", new SlurmRest38Format()::jobStatus);
    assertEquals(List.of("11"), jobs.stream().map(j -> j.status().jobId()).toList());
  }

  @Test
  void aSameNamedJobOfAnotherUserIsNotListedV42() {
    List<NamedJob> jobs =
        SlurmRestAnswers.activeJobsNamed(
            V42, PREFIX, "svc", new SlurmRest40Format("v0.0.42")::jobStatus);
    assertEquals(List.of("21"), jobs.stream().map(j -> j.status().jobId()).toList());
  }

  @Test
  void theOtherUserSeesOnlyTheirs() {
    List<NamedJob> jobs =
        SlurmRestAnswers.activeJobsNamed(
            V42, PREFIX, "mallory", new SlurmRest40Format("v0.0.42")::jobStatus);
    assertEquals(List.of("22"), jobs.stream().map(j -> j.status().jobId()).toList());
  }

  @Test
  void aJobWithoutAUserNameIsNobodys() {
    JsonObject unnamed = V38.getJsonArray("jobs").getJsonObject(2);
    assertFalse(SlurmRestAnswers.isOwnedBy(unnamed, "svc"));
    assertFalse(SlurmRestAnswers.isOwnedBy(V42.getJsonArray("jobs").getJsonObject(2), ""));
    assertEquals("user 4242", SlurmRestAnswers.owner(unnamed));
    assertTrue(SlurmRestAnswers.isOwnedBy(V38.getJsonArray("jobs").getJsonObject(0), "svc"));
  }
}
