package org.slurmllm.serving.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.slurmllm.cluster.entity.JobNames;
import org.slurmllm.cluster.entity.JobState;
import org.slurmllm.cluster.entity.JobStatus;
import org.slurmllm.cluster.entity.NamedJob;
import org.slurmllm.serving.control.JobSweep.Adopt;
import org.slurmllm.serving.control.JobSweep.Known;

class JobSweepTest {

  static final JobNames NAMES = new JobNames("abc123");

  static NamedJob job(String name, String id) {
    return new NamedJob(name, new JobStatus(id, JobState.RUNNING, null, "n1", null, null, null));
  }

  static JobSweep.Actions plan(List<NamedJob> jobs, Map<UUID, Known> known) {
    return JobSweep.plan(jobs, id -> Optional.ofNullable(known.get(id)), NAMES);
  }

  @Test
  void aJobWhoseIdWasNeverRecordedIsAdopted() {
    UUID r = UUID.randomUUID();
    JobSweep.Actions a =
        plan(List.of(job(NAMES.replica(r), "7")), Map.of(r, new Known(r, null, false)));
    assertEquals(List.of(new Adopt(r, "7")), a.adopt());
    assertEquals(List.of(), a.cancel());
  }

  @Test
  void jobsOfEndedOrUnknownReplicasAndSecondJobsAreCancelled() {
    UUID ended = UUID.randomUUID();
    UUID unknown = UUID.randomUUID();
    UUID twice = UUID.randomUUID();
    UUID recorded = UUID.randomUUID();
    JobSweep.Actions a =
        plan(
            List.of(
                job(NAMES.replica(ended), "1"),
                job(NAMES.replica(unknown), "2"),
                job(NAMES.replica(twice), "3"),
                job(NAMES.replica(twice), "4"),
                job(NAMES.replica(recorded), "5"),
                job(NAMES.replica(recorded), "6")),
            Map.of(
                ended, new Known(ended, "1", true),
                twice, new Known(twice, null, false),
                recorded, new Known(recorded, "5", false)));
    assertEquals(List.of(new Adopt(twice, "3")), a.adopt());
    assertEquals(List.of("1", "2", "4", "6"), a.cancel());
  }

  @Test
  void chunkJobsAndForeignNamesAreLeftAlone() {
    JobSweep.Actions a =
        plan(
            List.of(
                job(NAMES.chunk("batch_1", 0, 1), "8"),
                job("slurmllm.other.replica." + UUID.randomUUID(), "9"),
                job(NAMES.prefix() + "replica.not-a-uuid", "10")),
            Map.of());
    assertEquals(List.of(), a.adopt());
    assertEquals(List.of(), a.cancel());
  }
}
