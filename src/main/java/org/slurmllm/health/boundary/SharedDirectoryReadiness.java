package org.slurmllm.health.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.slurmllm.cluster.boundary.SharedDirectory;

/**
 * DOWN while the shared directory is not the service's own (another owner, open to other users, a
 * worker or an ancestor others can replace), with the reason and what to run: a gateway that kept
 * serving would put tenants' files where others read them.
 */
@Readiness
@ApplicationScoped
public class SharedDirectoryReadiness implements HealthCheck {

  @Inject SharedDirectory shared;

  @Override
  public HealthCheckResponse call() {
    HealthCheckResponseBuilder response =
        HealthCheckResponse.named("shared-directory").withData("path", shared.root().toString());
    return shared
        .problem()
        .map(problem -> response.down().withData("reason", problem))
        .orElse(response.up())
        .build();
  }
}
