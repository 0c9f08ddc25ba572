package org.slurmllm.cluster.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slurmllm.cluster.entity.ClusterState;
import org.slurmllm.cluster.entity.JobRequest;
import org.slurmllm.cluster.entity.JobState;
import org.slurmllm.cluster.entity.JobStatus;
import org.slurmllm.cluster.entity.SchedulerUnavailableException;

/** slurmrestd v0.0.40 to v0.0.42 answers, as captured from Slurm 24.11.5. */
class SlurmRest40FormatTest {

  static final SlurmRest40Format V42 = new SlurmRest40Format("v0.0.42");

  static JsonObject json(String text) {
    return Json.createReader(new StringReader(text)).readObject();
  }

  @Test
  void submitBodyPutsScriptEnvironmentListGpusAsTresAndSetNumbers() {
    JobRequest r =
        new JobRequest(
            "slurmllm-m",
            "#!/bin/bash\necho hi\n",
            "/shared",
            "/shared/l.log",
            Map.of("SLURMLLM_MODEL", "m", "PATH", "/job/bin"),
            "gpu",
            "acct",
            null,
            "a100",
            2,
            4,
            2048,
            30);
    JsonObject job =
        V42.submitBody(r, Map.of("PATH", "/usr/bin", "LANG", "C")).getJsonObject("job");
    assertEquals("#!/bin/bash\necho hi\n", job.getString("script"));
    assertEquals("gres/gpu:2", job.getString("tres_per_node"));
    assertFalse(job.containsKey("gres"), "gres is ignored by these versions (with a warning)");
    assertEquals(
        List.of("LANG=C", "PATH=/job/bin", "SLURMLLM_MODEL=m"),
        job.getJsonArray("environment").getValuesAs(JsonString.class).stream()
            .map(JsonString::getString)
            .toList());
    assertEquals(json("{\"set\":true,\"number\":2048}"), job.getJsonObject("memory_per_node"));
    assertEquals(json("{\"set\":true,\"number\":30}"), job.getJsonObject("time_limit"));
    assertEquals(4, job.getInt("cpus_per_task"));
    assertEquals("a100", job.getString("constraints"));
    assertFalse(job.containsKey("qos"));
    assertFalse(job.containsKey("nice"), "a replica's job: the default priority");
    JsonObject chunk =
        V42.submitBody(r.placed("preempt", "scavenger", 100), Map.of()).getJsonObject("job");
    assertEquals(100, chunk.getInt("nice"));
    assertEquals("preempt", chunk.getString("partition"));
    assertEquals("scavenger", chunk.getString("qos"));
    assertFalse(job.containsKey("excluded_nodes"));
    JsonObject spread =
        V42.submitBody(r.spread(2, List.of("node1", "node2")), Map.of()).getJsonObject("job");
    assertEquals("2", spread.getString("nodes"));
    assertEquals(2, spread.getInt("tasks"));
    assertEquals(1, spread.getInt("tasks_per_node"));
    assertEquals(
        List.of("node1", "node2"),
        spread.getJsonArray("excluded_nodes").getValuesAs(JsonString.class).stream()
            .map(JsonString::getString)
            .toList());
  }

  @Test
  void aFailedJobWithItsExitCodeAndTimes() {
    JobStatus s =
        V42.jobStatus(
            json(
                """
                {"job_id": 1, "job_state": ["FAILED"], "state_reason": "NonZeroExitCode",
                 "nodes": "vm", "exit_code": {"status": ["ERROR"],
                   "return_code": {"set": true, "infinite": false, "number": 3},
                   "signal": {"id": {"set": false, "infinite": false, "number": 0}, "name": ""}},
                 "start_time": {"set": true, "infinite": false, "number": 1796087011},
                 "end_time": {"set": true, "infinite": false, "number": 1796087013}}"""));
    assertEquals(
        new JobStatus(
            "1",
            JobState.FAILED,
            "NonZeroExitCode",
            "vm",
            3,
            Instant.ofEpochSecond(1796087011),
            Instant.ofEpochSecond(1796087013)),
        s);
  }

  @Test
  void aCancelledJobCountsItsSignalAndAPendingJobHasNoTimesYet() {
    JobStatus cancelled =
        V42.jobStatus(
            json(
                """
                {"job_id": 2, "job_state": ["CANCELLED"], "state_reason": "None", "nodes": "vm",
                 "exit_code": {"status": ["SIGNALED"], "return_code": {"set": false, "number": 0},
                   "signal": {"id": {"set": true, "infinite": false, "number": 15}, "name": "TERM"}}}"""));
    assertEquals(JobState.CANCELLED, cancelled.state());
    assertEquals(143, cancelled.exitCode());
    JobStatus pending =
        V42.jobStatus(
            json(
                """
                {"job_id": 3, "job_state": ["PENDING"], "state_reason": "Resources", "nodes": "",
                 "start_time": {"set": true, "infinite": false, "number": 1796090000},
                 "end_time": {"set": true, "infinite": false, "number": 1796093600},
                 "exit_code": {"status": ["PENDING"], "return_code": {"set": false, "number": 0},
                   "signal": {"id": {"set": false, "number": 0}, "name": ""}}}"""));
    assertEquals(JobState.PENDING, pending.state());
    assertEquals("Resources", pending.reason());
    assertNull(pending.node());
    assertNull(pending.startTime(), "the expected start is not a start");
    assertNull(pending.exitCode());
    JobStatus running =
        V42.jobStatus(
            json(
                """
                {"job_id": 4, "job_state": ["RUNNING", "COMPLETING"], "nodes": "vm",
                 "end_time": {"set": true, "infinite": false, "number": 1796093600}}"""));
    assertEquals(JobState.RUNNING, running.state());
    assertEquals(Instant.ofEpochSecond(1796093600), running.endTime(), "the time limit's end");
    assertTrue(
        SlurmRest40Format.endingOrEnded(json("{\"s\":[\"RUNNING\",\"COMPLETING\"]}").get("s")));
    assertFalse(SlurmRest40Format.endingOrEnded(json("{\"s\":[\"RUNNING\"]}").get("s")));
  }

  @Test
  void nodesGpusFromGresAndTheFirstPartitionAsDefault() {
    ClusterState c =
        V42.cluster(
            json(
                """
                {"nodes": [{"name": "vm", "state": ["MIXED"], "partitions": ["gpu", "cpu"],
                  "cpus": 16, "alloc_cpus": 2, "gres": "gpu:4", "gres_used": "gpu:1",
                  "real_memory": 23081, "alloc_memory": 512, "tres": "cpu=16,mem=23081M"}]}"""),
            json(
                """
                {"partitions": [
                  {"name": "gpu", "partition": {"state": ["UP"]}, "nodes": {"configured": "vm"},
                   "maximums": {"time": {"set": false, "infinite": true, "number": 0}}},
                  {"name": "cpu", "partition": {"state": ["UP"]}, "nodes": {"configured": "vm"},
                   "maximums": {"time": {"set": true, "infinite": false, "number": 60}}}]}"""));
    assertEquals("v0.0.42", c.apiVersion());
    ClusterState.Node node = c.nodes().get(0);
    assertEquals("mixed", node.state());
    assertEquals(4, node.gpus());
    assertEquals(1, node.gpusAllocated());
    assertEquals(14, c.partitions().get(0).cpusFree());
    assertTrue(c.partitions().get(0).isDefault());
    assertFalse(c.partitions().get(1).isDefault());
    assertEquals("up", c.partitions().get(1).state());
    assertNull(c.partitions().get(0).maxTimeMinutes(), "infinite");
    assertEquals(60, c.partitions().get(1).maxTimeMinutes());
  }

  @Test
  void onlyV42ReportsWhatACancelDid() {
    assertTrue(V42.deleteReportsEachJob());
    assertFalse(new SlurmRest40Format("v0.0.41").deleteReportsEachJob());
    assertFalse(new SlurmRest40Format("v0.0.40").deleteReportsEachJob());
  }

  @Test
  void aSubmitsWarningsAreRead() {
    JsonObject answer =
        json(
            """
            {"job_id": 5, "errors": [], "warnings": [{"description":
              "Ignoring unknown field \\"gres\\" of type string in job_desc_msg",
              "source": "parse"}]}""");
    assertEquals(
        "Ignoring unknown field \"gres\" of type string in job_desc_msg",
        SlurmRestAnswers.warnings(answer));
    assertEquals("", SlurmRestAnswers.warnings(json("{\"warnings\": []}")));
  }

  @Test
  void theNewestServedVersionIsChosen() {
    assertEquals("v0.0.42", RestVersions.newestServed(path -> true).version());
    assertEquals("v0.0.41", RestVersions.newestServed(path -> !path.contains("v0.0.42")).version());
    assertEquals("v0.0.38", RestVersions.newestServed(path -> path.contains("v0.0.38")).version());
    assertEquals("/slurm/v0.0.38/ping/", new SlurmRest38Format().path("/ping/"));
    SchedulerUnavailableException none =
        assertThrows(
            SchedulerUnavailableException.class, () -> RestVersions.newestServed(path -> false));
    assertTrue(none.getMessage().contains("v0.0.42, v0.0.41, v0.0.40, v0.0.38"));
  }
}
