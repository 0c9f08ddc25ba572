package org.slurmllm.bulk.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.slurmllm.bulk.control.BulkSettings;
import org.slurmllm.bulk.control.FileRetention;

/**
 * Every {@code SLURMLLM_FILE_SWEEP_INTERVAL_SECONDS}: expired files are removed from the database
 * and then from disk, by one gateway at a time (see {@link FileRetention}).
 */
@Startup
@Singleton
@DependsOn("SchemaMigration")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class FileSweep {

  private static final Logger LOG = Logger.getLogger(FileSweep.class.getName());
  static final int BATCH = 1000;

  @Resource TimerService timers;
  @Inject FileRetention retention;
  @Inject BulkSettings settings;

  @PostConstruct
  void schedule() {
    long every = settings.sweepInterval().toMillis();
    timers.createIntervalTimer(every, every, new TimerConfig(null, false));
  }

  @Timeout
  void sweep() {
    try {
      List<Path> removed;
      int total = 0;
      do {
        removed = retention.sweep(Instant.now(), BATCH);
        for (Path p : removed) {
          try {
            Files.deleteIfExists(p);
          } catch (IOException e) {
            LOG.warning(() -> "expired file " + p + " could not be deleted: " + e.getMessage());
          }
        }
        total += removed.size();
      } while (removed.size() == BATCH);
      if (total > 0) {
        int n = total;
        LOG.info(() -> n + " expired files removed");
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "the sweep of expired files failed (tried again next time)", e);
    }
  }
}
