package org.slurmllm.health.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Alive unless the heap stays full even right after a garbage collection: such a gateway only
 * thrashes and should be restarted. A database outage is a readiness matter, never a reason to
 * restart, so it is not checked here.
 */
@Liveness
@ApplicationScoped
public class ServerLiveness implements HealthCheck {

  static final double MAX_FRACTION_AFTER_GC = 0.95;

  @Override
  public HealthCheckResponse call() {
    double worst = 0;
    String worstPool = "none";
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      MemoryUsage afterGc = pool.getCollectionUsage();
      if (pool.getType() == MemoryType.HEAP && afterGc != null && afterGc.getMax() > 0) {
        double fraction = (double) afterGc.getUsed() / afterGc.getMax();
        if (fraction > worst) {
          worst = fraction;
          worstPool = pool.getName();
        }
      }
    }
    return HealthCheckResponse.named("server")
        .status(worst < MAX_FRACTION_AFTER_GC)
        .withData("fullestHeapPoolAfterGc", worstPool)
        .withData("fullestHeapPoolPercent", Math.round(worst * 100))
        .withData("uptimeSeconds", ManagementFactory.getRuntimeMXBean().getUptime() / 1000)
        .build();
  }
}
