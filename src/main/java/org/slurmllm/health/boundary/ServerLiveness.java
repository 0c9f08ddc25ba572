package org.slurmllm.health.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;
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
    List<MemoryUsage> afterGc =
        ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(pool -> pool.getType() == MemoryType.HEAP)
            .map(MemoryPoolMXBean::getCollectionUsage)
            .toList();
    double full = heapFractionAfterGc(afterGc, Runtime.getRuntime().maxMemory());
    return HealthCheckResponse.named("server")
        .status(full < MAX_FRACTION_AFTER_GC)
        .withData("heapPercentAfterGc", Math.round(full * 100))
        .withData("uptimeSeconds", ManagementFactory.getRuntimeMXBean().getUptime() / 1000)
        .build();
  }

  /**
   * The whole heap's use after the last collections, as a share of its maximum. Pools are summed,
   * not judged one by one: a young generation's survivor space is routinely full right after a
   * minor collection (its overflow is promoted), which says nothing about a thrashing heap.
   */
  static double heapFractionAfterGc(List<MemoryUsage> heapPoolsAfterGc, long maxHeap) {
    if (maxHeap <= 0) {
      return 0;
    }
    long used = 0;
    for (MemoryUsage usage : heapPoolsAfterGc) {
      if (usage != null) {
        used += usage.getUsed();
      }
    }
    return (double) used / maxHeap;
  }
}
