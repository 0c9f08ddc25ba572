package org.slurmllm.responses.boundary;

import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.slurmllm.responses.control.ResponseStore;

/**
 * Every ten minutes, expired responses are removed: a plain delete, which any number of gateways
 * may run at once.
 */
@Singleton
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ResponseSweep {

  private static final Logger LOG = Logger.getLogger(ResponseSweep.class.getName());
  static final int BATCH = 1000;

  @Inject ResponseStore store;

  @Schedule(minute = "*/10", hour = "*", persistent = false)
  void sweep() {
    try {
      int removed;
      int total = 0;
      do {
        removed = store.sweep(BATCH);
        total += removed;
      } while (removed == BATCH);
      if (total > 0) {
        LOG.log(Level.INFO, "removed {0} expired responses", total);
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "the sweep of expired responses failed; the next one retries", e);
    }
  }
}
