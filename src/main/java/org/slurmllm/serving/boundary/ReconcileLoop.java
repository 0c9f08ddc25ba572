package org.slurmllm.serving.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.slurmllm.catalog.entity.ModelChanged;
import org.slurmllm.serving.control.ReplicaReconciler;
import org.slurmllm.serving.control.ServingSettings;

/**
 * Runs the reconciler for as long as the application is deployed: every few seconds while all is
 * quiet, every tenth of a second while replicas are queued, starting or draining (so a replica is
 * READY moments after its server answers), and at once after a catalog change.
 */
@Startup
@Singleton
@DependsOn("SchemaMigration")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ReconcileLoop {

  private static final Logger LOG = Logger.getLogger(ReconcileLoop.class.getName());

  @Resource ManagedScheduledExecutorService executor;
  @Inject ReplicaReconciler reconciler;
  @Inject ServingSettings settings;

  private static final long SLOW_TICK_MILLIS = 1000;

  private final ReentrantLock running = new ReentrantLock();
  private volatile boolean stopped;
  private ScheduledFuture<?> next;

  @PostConstruct
  void start() {
    schedule(1000);
  }

  @PreDestroy
  void stop() {
    stopped = true;
    synchronized (this) {
      if (next != null) {
        next.cancel(false);
      }
    }
  }

  /** A catalog change: reconcile now rather than at the next tick. */
  public void onModelChanged(
      @Observes(during = TransactionPhase.AFTER_SUCCESS) ModelChanged change) {
    schedule(0);
  }

  private void tick() {
    if (stopped || !running.tryLock()) {
      return; // a tick is under way; it will schedule the next one
    }
    boolean busy = false;
    long start = System.nanoTime();
    try {
      busy = reconciler.reconcile();
      long millis = (System.nanoTime() - start) / 1_000_000;
      if (millis > SLOW_TICK_MILLIS) {
        LOG.warning(() -> "reconcile took " + millis + " ms");
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "reconcile failed; retrying", e);
    } finally {
      running.unlock();
    }
    schedule(
        busy
            ? settings.reconcileFastInterval().toMillis()
            : settings.reconcileInterval().toMillis());
  }

  private synchronized void schedule(long delayMillis) {
    if (stopped) {
      return;
    }
    // a tick that is waiting (not the one running now, whose delay is over) may already do
    if (next != null && !next.isDone() && next.getDelay(TimeUnit.MILLISECONDS) > 0) {
      if (next.getDelay(TimeUnit.MILLISECONDS) <= delayMillis) {
        return; // already due sooner
      }
      next.cancel(false);
    }
    next = executor.schedule(this::tick, delayMillis, TimeUnit.MILLISECONDS);
  }
}
