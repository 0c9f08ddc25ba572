package org.slurmllm.cluster.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slurmllm.cluster.entity.ClusterState;
import org.slurmllm.cluster.entity.JobRequest;
import org.slurmllm.cluster.entity.JobState;
import org.slurmllm.cluster.entity.JobStatus;

/** slurmrestd v0.0.38 answers, as captured from Slurm 22.05.8. */
class SlurmRest38FormatTest {

  static final SlurmRest38Format FORMAT = new SlurmRest38Format();

  static JsonObject json(String text) {
    return Json.createReader(new StringReader(text)).readObject();
  }

  @Test
  void submitBodyCarriesScriptResourcesAndEnvironment() {
    JobRequest r =
        new JobRequest(
            "slurmllm-m",
            "#!/bin/bash\necho hi\n",
            "/shared",
            "/shared/l.log",
            Map.of("SLURMLLM_MODEL", "m"),
            "gpu",
            "acct",
            null,
            "a100",
            1,
            4,
            2048,
            30);
    JsonObject body = FORMAT.submitBody(r, Map.of("PATH", "/usr/bin"));
    assertEquals("#!/bin/bash\necho hi\n", body.getString("script"));
    JsonObject job = body.getJsonObject("job");
    assertEquals("gpu:1", job.getString("gres"));
    assertEquals(4, job.getInt("cpus_per_task"));
    assertEquals(2048, job.getInt("memory_per_node"));
    assertEquals(30, job.getInt("time_limit"));
    assertEquals("gpu", job.getString("partition"));
    assertEquals("acct", job.getString("account"));
    assertEquals("a100", job.getString("constraints"));
    assertFalse(job.containsKey("qos"));
    assertEquals("m", job.getJsonObject("environment").getString("SLURMLLM_MODEL"));
    assertEquals("/usr/bin", job.getJsonObject("environment").getString("PATH"));
    assertFalse(job.containsKey("nice"));
    assertEquals(
        100,
        FORMAT.submitBody(r.placed(null, null, 100), Map.of()).getJsonObject("job").getInt("nice"));
  }

  @Test
  void parsesAJob() {
    JobStatus status =
        FORMAT.jobStatus(
            json(
                """
        {"job_id": 2, "job_state": "FAILED", "exit_code": 768, "state_reason": "NonZeroExitCode",
         "nodes": "vm", "start_time": 1795422835, "end_time": 1795422836}"""));
    assertEquals(
        new JobStatus(
            "2",
            JobState.FAILED,
            "NonZeroExitCode",
            "vm",
            3,
            Instant.ofEpochSecond(1795422835),
            Instant.ofEpochSecond(1795422836)),
        status);
  }

  @Test
  void exitCodesAreWaitStatuses() {
    assertEquals(0, SlurmRest38Format.exitCode(Json.createValue(0)));
    assertEquals(3, SlurmRest38Format.exitCode(Json.createValue(768)));
    assertEquals(137, SlurmRest38Format.exitCode(Json.createValue(9)));
    assertNull(SlurmRest38Format.exitCode(null));
  }

  @Test
  void recognisesUnknownJobIds() {
    JsonObject answer =
        json(
            """
        {"errors": [{"description": "Unable to find JobId=99999", "error_number": 2017,
          "error": "Invalid job id specified", "source": "slurm_load_job"}], "jobs": []}""");
    assertTrue(SlurmRestAnswers.isInvalidJobId(answer));
    assertEquals(
        "Invalid job id specified: Unable to find JobId=99999", SlurmRestAnswers.errors(answer));
    assertEquals("", SlurmRestAnswers.errors(json("{\"errors\": []}")));
  }

  @Test
  void parsesNodesAndPartitions() {
    JsonObject nodes =
        json(
            """
        {"nodes": [{"name": "vm", "state": "mixed", "partitions": ["gpu", "cpu"], "cpus": 16,
          "alloc_cpus": 2, "gres": "gpu:4", "gres_used": "gpu:2(IDX:0-1)", "real_memory": 23081,
          "alloc_memory": 2048, "address": "127.0.0.1"}]}""");
    JsonObject partitions =
        json(
            """
        {"partitions": [{"flags": ["default"], "name": "gpu", "nodes": "vm", "state": "UP",
                         "max_time_limit": -1},
                        {"flags": [], "name": "cpu", "nodes": "vm", "state": "UP",
                         "max_time_limit": 60}]}""");
    ClusterState cluster = FORMAT.cluster(nodes, partitions);
    assertEquals(
        new ClusterState.Node(
            "vm", "mixed", List.of("gpu", "cpu"), 16, 2, 4, 2, 23081, 2048, "127.0.0.1"),
        cluster.nodes().get(0));
    assertTrue(cluster.partitions().get(0).isDefault());
    assertEquals(2, cluster.partitions().get(0).gpusFree());
    assertFalse(cluster.partitions().get(1).isDefault());
    assertNull(cluster.partitions().get(0).maxTimeMinutes(), "-1: unlimited");
    assertEquals(60, cluster.partitions().get(1).maxTimeMinutes());
  }
}
