package org.slurmllm.fleet.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Beats for this gateway every five seconds (see {@link org.slurmllm.fleet.control.Liveness}). */
@Startup
@Singleton
@DependsOn("SchemaMigration")
public class Heartbeat {

  private static final Logger LOG = Logger.getLogger(Heartbeat.class.getName());

  @Inject Fleet fleet;

  @PostConstruct
  void joined() {
    beat();
    LOG.info(() -> "gateway " + fleet.self() + " joined " + fleet.size() + " alive");
  }

  @Schedule(hour = "*", minute = "*", second = "*/5", persistent = false)
  void beat() {
    try {
      fleet.beat();
    } catch (RuntimeException e) {
      // the database away: the others will see this gateway as gone, and it them, until it is back
      LOG.log(Level.WARNING, "heartbeat not written: {0}", e.getMessage());
    }
  }

  @PreDestroy
  void left() {
    try {
      fleet.leave();
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "heartbeat not removed", e);
    }
  }
}
