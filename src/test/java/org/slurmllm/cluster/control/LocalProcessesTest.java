package org.slurmllm.cluster.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slurmllm.cluster.entity.JobRequest;

/** A local job sees SLURM's own variables, by SLURM's names, as a job on a one-node cluster. */
class LocalProcessesTest {

  @Test
  void aLocalJobGetsSlurmsVariables() {
    JobRequest request =
        new JobRequest(
            "r1", "true", "/tmp", "/tmp/r1.log", Map.of(), null, null, null, null, 2, 4, 3072, 30);
    Map<String, String> v =
        LocalProcesses.slurmVariables(new LocalJob("77", request), List.of(1, 3));
    assertEquals("77", v.get("SLURM_JOB_ID"));
    assertEquals("r1", v.get("SLURM_JOB_NAME"));
    assertEquals("4", v.get("SLURM_CPUS_PER_TASK"));
    assertEquals("3072", v.get("SLURM_MEM_PER_NODE"));
    assertEquals("localhost", v.get("SLURMD_NODENAME"));
    assertEquals("local", v.get("SLURM_JOB_PARTITION"));
    assertEquals("1,3", v.get("CUDA_VISIBLE_DEVICES"));
    assertEquals(7, v.size(), "nothing else: " + v);
  }
}
