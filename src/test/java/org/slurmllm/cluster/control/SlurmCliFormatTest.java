package org.slurmllm.cluster.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slurmllm.cluster.entity.ClusterState;
import org.slurmllm.cluster.entity.JobRequest;
import org.slurmllm.cluster.entity.JobState;
import org.slurmllm.cluster.entity.JobStatus;

/** Real output of Slurm 22.05's tools, as captured on the development cluster. */
class SlurmCliFormatTest {

  static JobRequest request(int gpus, String partition) {
    return new JobRequest(
        "slurmllm-m",
        "#!/bin/bash\n",
        "/shared",
        "/shared/logs/r.log",
        Map.of("A", "1"),
        partition,
        null,
        "high",
        null,
        gpus,
        4,
        2048,
        60);
  }

  @Test
  void sbatchArgumentsCarryEveryResource() {
    List<String> args = SlurmCliFormat.sbatchArguments(request(2, "gpu"));
    assertTrue(
        args.containsAll(
            List.of(
                "--parsable",
                "--job-name=slurmllm-m",
                "--chdir=/shared",
                "--output=/shared/logs/r.log",
                "--cpus-per-task=4",
                "--mem=2048M",
                "--time=60",
                "--gres=gpu:2",
                "--partition=gpu",
                "--qos=high",
                "--nodes=1",
                "--ntasks=1")),
        args::toString);
    assertTrue(args.stream().noneMatch(a -> a.startsWith("--account")), "null means default");
    assertTrue(args.stream().noneMatch(a -> a.startsWith("--nice")), "the default priority");
  }

  @Test
  void aChunkJobIsPlacedApartAndYields() {
    List<String> args =
        SlurmCliFormat.sbatchArguments(request(2, "gpu").placed(null, "scavenger", 100));
    assertTrue(
        args.containsAll(List.of("--partition=gpu", "--qos=scavenger", "--nice=100")),
        args::toString);
  }

  @Test
  void aReplicaIsKeptOffNodesAndMaySpanSeveral() {
    List<String> args =
        SlurmCliFormat.sbatchArguments(request(2, "gpu").spread(2, List.of("node1", "node3")));
    assertTrue(
        args.containsAll(List.of("--nodes=2", "--ntasks-per-node=1", "--exclude=node1,node3")),
        args::toString);
    assertTrue(args.stream().noneMatch(a -> a.startsWith("--ntasks=")), args::toString);
    assertTrue(
        SlurmCliFormat.sbatchArguments(request(2, "gpu")).stream()
            .noneMatch(a -> a.startsWith("--exclude")),
        "no exclusion unless asked");
  }

  @Test
  void noGpusNoGres() {
    assertTrue(
        SlurmCliFormat.sbatchArguments(request(0, null)).stream()
            .noneMatch(a -> a.startsWith("--gres") || a.startsWith("--partition")));
  }

  @Test
  void parsesSubmittedIds() {
    assertEquals("4711", SlurmCliFormat.parseSubmittedId("4711\n"));
    assertEquals("4711", SlurmCliFormat.parseSubmittedId("4711;cluster\n"));
    assertThrows(IllegalArgumentException.class, () -> SlurmCliFormat.parseSubmittedId("error\n"));
  }

  @Test
  void rejectionReasonDropsPrefixes() {
    assertEquals(
        "invalid partition specified: nope; Batch job submission failed: Invalid partition name specified",
        SlurmCliFormat.rejectionReason(
            "sbatch: error: invalid partition specified: nope\n"
                + "sbatch: error: Batch job submission failed: Invalid partition name specified\n"));
  }

  @Test
  void parsesSqueue() {
    Map<String, JobStatus> jobs =
        SlurmCliFormat.parseSqueue(
            "6|CANCELLED|None||2026-11-23T08:34:02|2026-11-23T08:34:02\n"
                + "7|FAILED|NonZeroExitCode|vm|2026-11-23T08:34:24|2026-11-23T08:34:24\n"
                + "8|PENDING|Resources||N/A|N/A\n");
    assertEquals(JobState.CANCELLED, jobs.get("6").state());
    assertNull(jobs.get("6").node());
    assertNull(jobs.get("6").reason());
    assertEquals("NonZeroExitCode", jobs.get("7").reason());
    assertEquals("vm", jobs.get("7").node());
    assertEquals(
        LocalDateTime.parse("2026-11-23T08:34:24").atZone(ZoneId.systemDefault()).toInstant(),
        jobs.get("7").startTime());
    assertEquals(JobState.PENDING, jobs.get("8").state());
    assertNull(jobs.get("8").startTime());
  }

  @Test
  void parsesSacctSkippingSteps() {
    Map<String, JobStatus> jobs =
        SlurmCliFormat.parseSacct(
            "6|CANCELLED|0:0|(null)|2026-11-23T08:34:02|2026-11-23T08:34:02\n"
                + "7|FAILED|3:0|vm|2026-11-23T08:34:24|2026-11-23T08:34:24\n"
                + "7.batch|FAILED|3:0|vm|2026-11-23T08:34:24|2026-11-23T08:34:24\n"
                + "9|CANCELLED|0:15|vm|2026-11-23T08:34:24|2026-11-23T08:34:29\n");
    assertEquals(3, jobs.size());
    assertNull(jobs.get("6").node());
    assertEquals(3, jobs.get("7").exitCode());
    assertEquals("exit code 3", jobs.get("7").reason());
    assertEquals(143, jobs.get("9").exitCode(), "signal 15");
  }

  @Test
  void parsesNodesAndPartitions() {
    String nodes =
        "NodeName=vm Arch=x86_64 CoresPerSocket=16  CPUAlloc=3 CPUEfctv=16 CPUTot=16 "
            + "Gres=gpu:4 NodeAddr=127.0.0.1 RealMemory=23081 AllocMem=3072 FreeMem=22334 State=MIXED "
            + "Partitions=gpu,cpu GresUsed=gpu:1(IDX:0)\n";
    String partitions =
        "PartitionName=gpu AllowGroups=ALL Default=YES MaxTime=UNLIMITED Nodes=vm State=UP TotalCPUs=16\n"
            + "PartitionName=cpu AllowGroups=ALL Default=NO MaxTime=01:00:00 Nodes=vm State=UP TotalCPUs=16\n";
    ClusterState cluster = SlurmCliFormat.parseCluster(nodes, partitions);
    ClusterState.Node node = cluster.nodes().get(0);
    assertEquals(
        new ClusterState.Node(
            "vm", "mixed", List.of("gpu", "cpu"), 16, 3, 4, 1, 23081, 3072, "127.0.0.1"),
        node);
    ClusterState.Partition gpu = cluster.partitions().get(0);
    assertEquals(
        new ClusterState.Partition("gpu", true, "up", null, List.of("vm"), 16, 13, 4, 3), gpu);
    assertEquals(false, cluster.partitions().get(1).isDefault());
    assertEquals(60, cluster.partitions().get(1).maxTimeMinutes());
  }

  @Test
  void readsTimeLimitsInEverySlurmFormat() {
    assertEquals(45, SlurmCliFormat.minutes("45"));
    assertEquals(45, SlurmCliFormat.minutes("45:30"), "minutes:seconds");
    assertEquals(90, SlurmCliFormat.minutes("01:30:00"));
    assertEquals(2 * 1440 + 12 * 60, SlurmCliFormat.minutes("2-12"));
    assertEquals(1440 + 30, SlurmCliFormat.minutes("1-00:30"));
    assertEquals(1440 + 61, SlurmCliFormat.minutes("1-01:01:00"));
    assertNull(SlurmCliFormat.minutes("UNLIMITED"));
    assertNull(SlurmCliFormat.minutes("INFINITE"));
    assertNull(SlurmCliFormat.minutes(null));
  }

  @Test
  void countsGpusInGresStrings() {
    assertEquals(4, SlurmCliFormat.gpus("gpu:4"));
    assertEquals(2, SlurmCliFormat.gpus("gpu:a100:2(S:0)"));
    assertEquals(3, SlurmCliFormat.gpus("gpu:a100:2,gpu:h100:1"));
    assertEquals(1, SlurmCliFormat.gpus("gpu:1(IDX:0),mps:0"));
    assertEquals(0, SlurmCliFormat.gpus("(null)"));
    assertEquals(0, SlurmCliFormat.gpus(null));
  }
}
