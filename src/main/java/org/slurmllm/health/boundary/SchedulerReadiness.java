package org.slurmllm.health.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.slurmllm.cluster.boundary.Cluster;
import org.slurmllm.cluster.entity.ClusterState;

/**
 * Reports the scheduler: its kind, nodes and free GPUs, or why it does not answer. UP while it is
 * away: a gateway whose scheduler is away still serves from the replicas that run (it only cannot
 * start new ones), so a load balancer must keep sending it requests; it says "degraded" instead (an
 * expired slurmrestd token is such a case: the site renews the file, and it goes on). DOWN only for
 * settings it refuses to work with, which no waiting mends (a slurmrestd URL its token must not be
 * sent to): an operator must change them.
 */
@Readiness
@ApplicationScoped
public class SchedulerReadiness implements HealthCheck {

  @Inject Cluster scheduler;

  @Override
  public HealthCheckResponse call() {
    HealthCheckResponseBuilder response =
        HealthCheckResponse.named("scheduler").withData("kind", scheduler.kind());
    Optional<String> refused = scheduler.settingsRefused();
    if (refused.isPresent()) {
      return response.down().withData("refused", refused.get()).build();
    }
    try {
      ClusterState cluster = scheduler.describe();
      if (cluster.apiVersion() != null) {
        response.withData("apiVersion", cluster.apiVersion());
      }
      return response
          .up()
          .withData("partitions", cluster.partitions().size())
          .withData("nodes", cluster.nodes().size())
          .withData(
              "gpusFree",
              cluster.partitions().stream()
                  .filter(p -> p.isDefault())
                  .mapToLong(p -> p.gpusFree())
                  .sum())
          .build();
    } catch (RuntimeException e) {
      return response
          .up()
          .withData("degraded", "serving from running replicas, starting none")
          .withData("error", e.getMessage() == null ? e.toString() : e.getMessage())
          .build();
    }
  }
}
