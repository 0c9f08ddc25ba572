package org.slurmllm.tribunal.boundary;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.slurmllm.rest.StreamClosing;
import org.slurmllm.tribunal.control.TribunalRecords;
import org.slurmllm.tribunal.entity.Tribunal;
import org.slurmllm.tribunal.entity.TribunalStep;

/**
 * Everyone following a tribunal's progress (server-sent events), served by one scheduled task
 * rather than a parked thread per watcher: every {@link #POLL_MILLIS} it reads each watched
 * tribunal once (status and new steps, from the database, so steps written by another gateway's
 * runner show too) and sends every watcher what it has not seen. A watcher's stream ends with the
 * tribunal's final state, or when its client leaves.
 */
@ApplicationScoped
public class TribunalWatchers {

  private static final Logger LOG = Logger.getLogger(TribunalWatchers.class.getName());
  static final long POLL_MILLIS = 250;
  private static final Set<String> FINAL = Set.of("completed", "failed", "cancelled");

  @Resource(lookup = "java:jboss/ee/concurrency/scheduler/tribunal-events")
  ManagedScheduledExecutorService scheduler;

  @Inject TribunalRecords records;

  private final Map<String, List<Watcher>> watched = new ConcurrentHashMap<>();
  private ScheduledFuture<?> ticking;

  /** One client's stream and what it has been sent. */
  private static final class Watcher {
    final SseEventSink sink;
    final Sse sse;
    long lastStep;
    String lastStatus;

    Watcher(SseEventSink sink, Sse sse) {
      this.sink = sink;
      this.sse = sse;
    }
  }

  void follow(String id, SseEventSink sink, Sse sse) {
    Watcher watcher = new Watcher(sink, sse);
    // atomic per tribunal: never added to a list the tick is just dropping
    watched.compute(
        id,
        (k, list) -> {
          List<Watcher> watchers = list == null ? new CopyOnWriteArrayList<>() : list;
          watchers.add(watcher);
          return watchers;
        });
    startTicking();
  }

  private synchronized void startTicking() {
    if (ticking == null) {
      ticking = scheduler.scheduleWithFixedDelay(this::tick, 0, POLL_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  @PreDestroy
  synchronized void stop() {
    if (ticking != null) {
      ticking.cancel(false);
    }
    StreamClosing.closeAll(
        watched.values().stream().flatMap(List::stream).map(w -> w.sink).toList());
  }

  private void tick() {
    for (Map.Entry<String, List<Watcher>> entry : watched.entrySet()) {
      try {
        update(entry.getKey(), entry.getValue());
      } catch (RuntimeException e) {
        // the database may be away for a moment: the next tick tries again
        LOG.log(Level.FINE, "tribunal events of " + entry.getKey(), e);
      }
    }
    for (String id : watched.keySet()) {
      watched.computeIfPresent(id, (k, list) -> list.isEmpty() ? null : list);
    }
  }

  private void update(String id, List<Watcher> watchers) {
    watchers.removeIf(w -> w.sink.isClosed());
    if (watchers.isEmpty()) {
      return;
    }
    Tribunal t = records.find(id);
    long oldest = watchers.stream().mapToLong(w -> w.lastStep).min().orElse(0);
    List<TribunalStep> steps = records.stepsAfter(id, oldest);
    boolean ended = FINAL.contains(t.status);
    for (Watcher w : watchers) {
      for (TribunalStep s : steps) {
        if (s.id > w.lastStep) {
          w.sink.send(
              w.sse
                  .newEventBuilder()
                  .name("step")
                  .data(TribunalsResource.stepView(s).toString())
                  .build());
          w.lastStep = s.id;
        }
      }
      if (!t.status.equals(w.lastStatus)) {
        w.lastStatus = t.status;
        w.sink.send(
            w.sse
                .newEventBuilder()
                .name("status")
                .data(TribunalsResource.view(t, null).toString())
                .build());
      }
      if (ended) {
        w.sink.close();
      }
    }
    if (ended) {
      // only those served: one that joined meanwhile gets the final state at the next tick
      watchers.removeIf(w -> w.sink.isClosed());
    }
  }
}
