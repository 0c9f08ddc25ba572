package org.slurmllm.history.boundary;

import jakarta.annotation.PreDestroy;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

/**
 * Writes the usage ledger every second, off every request thread, and once more when the
 * application stops, so a clean shutdown loses no record.
 */
@Startup
@Singleton
@DependsOn("SchemaMigration")
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class UsageWriter {

  @Inject UsageLedger ledger;

  @Schedule(hour = "*", minute = "*", second = "*", persistent = false)
  void everySecond() {
    ledger.flush();
  }

  @PreDestroy
  void atShutdown() {
    ledger.flush();
  }
}
