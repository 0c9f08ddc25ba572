package org.slurmllm.health.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;
import org.slurmllm.cluster.boundary.Cluster;
import org.slurmllm.cluster.control.Scheduler;
import org.slurmllm.cluster.entity.ClusterState;
import org.slurmllm.cluster.entity.JobRequest;
import org.slurmllm.cluster.entity.JobStatus;
import org.slurmllm.cluster.entity.NamedJob;
import org.slurmllm.cluster.entity.SchedulerUnavailableException;

/**
 * A gateway whose scheduler is away stays in its load balancer: it serves from running replicas.
 */
class SchedulerReadinessTest {

  /** slurmctld down: every call fails as the real schedulers fail then. */
  static class Away implements Scheduler {
    public String kind() {
      return "cli";
    }

    public String submit(JobRequest r) {
      throw new SchedulerUnavailableException("Unable to contact slurm controller");
    }

    public Map<String, JobStatus> status(Collection<String> ids) {
      throw new SchedulerUnavailableException("Unable to contact slurm controller");
    }

    public List<NamedJob> activeJobsNamed(String prefix) {
      throw new SchedulerUnavailableException("Unable to contact slurm controller");
    }

    public void cancel(String id) {
      throw new SchedulerUnavailableException("Unable to contact slurm controller");
    }

    public ClusterState describe() {
      throw new SchedulerUnavailableException("Unable to contact slurm controller");
    }
  }

  @Test
  void aSchedulerThatDoesNotAnswerLeavesTheGatewayReadyButDegraded() {
    SchedulerReadiness check = new SchedulerReadiness();
    check.scheduler = new Cluster(new Away());
    HealthCheckResponse response = check.call();
    assertEquals(HealthCheckResponse.Status.UP, response.getStatus());
    Map<String, Object> data = response.getData().orElseThrow();
    assertEquals("serving from running replicas, starting none", data.get("degraded"));
    assertEquals("Unable to contact slurm controller", data.get("error"));
  }

  @Test
  void settingsTheSchedulerRefusesMakeTheGatewayNotReadySayingWhy() {
    SchedulerReadiness check = new SchedulerReadiness();
    check.scheduler =
        new Cluster(
            new Away() {
              @Override
              public Optional<String> settingsRefused() {
                return Optional.of("SLURMLLM_SLURMRESTD_URL http://10.0.0.9:6820 is plain HTTP");
              }
            });
    HealthCheckResponse response = check.call();
    assertEquals(HealthCheckResponse.Status.DOWN, response.getStatus());
    assertEquals(
        "SLURMLLM_SLURMRESTD_URL http://10.0.0.9:6820 is plain HTTP",
        response.getData().orElseThrow().get("refused"));
  }
}
