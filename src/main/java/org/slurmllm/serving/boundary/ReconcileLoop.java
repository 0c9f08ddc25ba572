package org.slurmllm.serving.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.Timer;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.slurmllm.catalog.entity.ModelChanged;
import org.slurmllm.serving.control.ReplicaReconciler;
import org.slurmllm.serving.control.ServingMeters;
import org.slurmllm.serving.control.ServingSettings;
import org.slurmllm.serving.entity.ReconcilePassed;
import org.slurmllm.serving.entity.ReplicaSuspected;
import org.slurmllm.serving.entity.ReplicasWanted;

/**
 * Runs the reconciler for as long as the application is deployed: every few seconds while all is
 * quiet, every tenth of a second while replicas are queued, starting or draining (so a replica is
 * READY moments after its server answers), and at once after a catalog change. It uses the
 * container's timer service (non-persistent timers): they live and die with the deployment, which
 * threads of our own or the default managed executor did not reliably do across redeployments.
 */
@Startup
@Singleton
@DependsOn("SchemaMigration")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ReconcileLoop {

  private static final Logger LOG = Logger.getLogger(ReconcileLoop.class.getName());
  private static final long SLOW_TICK_MILLIS = 1000;

  @Resource TimerService timers;
  @Resource ManagedThreadFactory threads;
  @Resource SessionContext context;
  @Inject ReplicaReconciler reconciler;
  @Inject ServingSettings settings;
  @Inject Event<ReconcilePassed> passed;
  @Inject ServingMeters meters;

  private final ReentrantLock running = new ReentrantLock();
  private volatile boolean stopped;
  private Timer next;
  private RendezvousWatcher watcher;

  @PostConstruct
  void start() {
    schedule(1000);
    settings.prepareJobDirectories();
    // a replica's server announces itself by writing its rendezvous file: look at once
    ReconcileLoop self = context.getBusinessObject(ReconcileLoop.class);
    watcher = RendezvousWatcher.start(settings.rendezvousDir(), threads, self::kick);
  }

  @PreDestroy
  void stop() {
    stopped = true;
    if (watcher != null) {
      watcher.close();
    }
  }

  /** Reconcile now rather than at the next tick (through the container, from any thread). */
  public void kick() {
    schedule(0);
  }

  /** A request waits for a model without replicas (scale from zero): look now. */
  public void onReplicasWanted(@Observes ReplicasWanted wanted) {
    schedule(0);
  }

  /** A replica could not be reached by a request: probe it now rather than at the next tick. */
  public void onReplicaSuspected(@Observes ReplicaSuspected suspected) {
    schedule(0);
  }

  /** A catalog change: reconcile now rather than at the next tick. */
  public void onModelChanged(
      @Observes(during = TransactionPhase.AFTER_SUCCESS) ModelChanged change) {
    schedule(0);
  }

  @Timeout
  void tick(Timer timer) {
    synchronized (this) {
      if (timer.equals(next)) {
        next = null; // fired: whatever runs next needs a timer of its own
      }
    }
    if (stopped || !running.tryLock()) {
      return; // a tick is under way; it schedules the next one
    }
    boolean busy = false;
    long start = System.nanoTime();
    try {
      busy = reconciler.reconcile();
      long millis = (System.nanoTime() - start) / 1_000_000;
      if (millis > SLOW_TICK_MILLIS) {
        LOG.warning(() -> "reconcile took " + millis + " ms");
      }
      meters.count();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "reconcile failed; retrying", e);
    } finally {
      running.unlock();
    }
    passed.fire(new ReconcilePassed());
    schedule(
        busy
            ? settings.reconcileFastInterval().toMillis()
            : settings.reconcileInterval().toMillis());
  }

  private synchronized void schedule(long delayMillis) {
    if (stopped) {
      return;
    }
    if (next != null) {
      try {
        if (next.getTimeRemaining() <= delayMillis) {
          return; // a tick is already due sooner
        }
        next.cancel();
      } catch (RuntimeException e) {
        // the timer has fired or expired: a new one is due
      }
    }
    next = timers.createSingleActionTimer(Math.max(1, delayMillis), new TimerConfig(null, false));
  }
}
