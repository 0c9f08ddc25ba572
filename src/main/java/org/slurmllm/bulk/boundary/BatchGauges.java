package org.slurmllm.bulk.boundary;

import jakarta.ejb.DependsOn;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import org.slurmllm.bulk.control.BulkMeters;

/** Every five seconds: the batch chunks under way are counted again for the metrics. */
@Startup
@Singleton
@DependsOn("SchemaMigration")
public class BatchGauges {

  @Inject BulkMeters meters;

  @Schedule(hour = "*", minute = "*", second = "*/5", persistent = false)
  void count() {
    meters.count();
  }
}
