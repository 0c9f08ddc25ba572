package org.slurmllm.tribunal.boundary;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.ws.rs.sse.OutboundSseEvent;
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
import org.slurmllm.access.boundary.LiveStreams;
import org.slurmllm.rest.StreamClosing;
import org.slurmllm.tribunal.control.TribunalRecords;
import org.slurmllm.tribunal.entity.Tribunal;
import org.slurmllm.tribunal.entity.TribunalStep;

/**
 * Everyone following a tribunal's progress (server-sent events), served by one scheduled task
 * rather than a parked thread per watcher: every {@link #POLL_MILLIS} it reads each watched
 * tribunal once (status and new steps, from the database, so steps written by another gateway's
 * runner show too) and sends every watcher what it has not seen. A watcher's stream ends with the
 * tribunal's final state, when its client leaves (noticed by the comment sent every {@link
 * #PING_SECONDS}, which fails), or with an {@code error} event within a tick of its key's
 * revocation or expiry (checked from memory at every tick). Each stream holds one of its key's
 * places ({@link LiveStreams}) until it ends.
 */
@ApplicationScoped
public class TribunalWatchers {

  private static final Logger LOG = Logger.getLogger(TribunalWatchers.class.getName());
  static final long POLL_MILLIS = 250;
  static final long PING_SECONDS = 5;
  private static final Set<String> FINAL = Set.of("completed", "failed", "cancelled");
  // the events carry the same JSON as the resource's answers, which RESTEasy writes with JSON-B
  private static final Jsonb JSONB = JsonbBuilder.create();

  @Resource(lookup = "java:jboss/ee/concurrency/scheduler/tribunal-events")
  ManagedScheduledExecutorService scheduler;

  @Inject TribunalRecords records;
  @Inject LiveStreams streams;

  private final Map<String, List<Watcher>> watched = new ConcurrentHashMap<>();
  private ScheduledFuture<?> ticking;
  private long lastPing = System.nanoTime();

  /** One client's stream and what it has been sent. */
  private static final class Watcher {
    final long keyId;
    final SseEventSink sink;
    final Sse sse;
    final LiveStreams.Slot slot;
    long lastStep;
    String lastStatus;

    Watcher(long keyId, SseEventSink sink, Sse sse, LiveStreams.Slot slot) {
      this.keyId = keyId;
      this.sink = sink;
      this.sse = sse;
      this.slot = slot;
    }

    /** Sends, and closes the stream if the send fails (its client left). */
    void send(OutboundSseEvent event) {
      try {
        sink.send(event)
            .whenComplete(
                (ok, failure) -> {
                  if (failure != null) {
                    sink.close(); // the next tick drops it and frees its place
                  }
                });
      } catch (RuntimeException e) {
        sink.close();
      }
    }
  }

  void follow(String id, long keyId, SseEventSink sink, Sse sse, LiveStreams.Slot slot) {
    Watcher watcher = new Watcher(keyId, sink, sse, slot);
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
    boolean ping = System.nanoTime() - lastPing > TimeUnit.SECONDS.toNanos(PING_SECONDS);
    if (ping) {
      lastPing = System.nanoTime();
    }
    for (List<Watcher> watchers : watched.values()) {
      for (Watcher w : watchers) {
        LiveStreams.Ending ending = streams.ending(w.keyId);
        if (ending != null) {
          watchers.remove(w);
          end(w, ending);
        } else if (w.sink.isClosed()) {
          watchers.remove(w);
          w.slot.close();
        } else if (ping) {
          w.send(w.sse.newEventBuilder().comment("ping").build());
        }
      }
    }
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

  /** The key may no longer be used: the stream ends with the API's error body as an event. */
  private static void end(Watcher w, LiveStreams.Ending ending) {
    w.slot.close();
    // closed once the event is written, not here: a client that stopped reading would hold the tick
    try {
      w.sink
          .send(w.sse.newEventBuilder().name("error").data(ending.eventData()).build())
          .whenComplete((ok, failure) -> w.sink.close());
    } catch (RuntimeException e) {
      w.sink.close();
    }
  }

  private void update(String id, List<Watcher> watchers) {
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
          w.send(
              w.sse
                  .newEventBuilder()
                  .name("step")
                  .data(JSONB.toJson(TribunalStepView.of(s)))
                  .build());
          w.lastStep = s.id;
        }
      }
      if (!t.status.equals(w.lastStatus)) {
        w.lastStatus = t.status;
        w.send(
            w.sse
                .newEventBuilder()
                .name("status")
                .data(JSONB.toJson(TribunalView.of(t, null)))
                .build());
      }
      if (ended) {
        w.sink.close();
      }
    }
    if (ended) {
      // only those served: one that joined meanwhile gets the final state at the next tick
      for (Watcher w : watchers) {
        if (w.sink.isClosed()) {
          watchers.remove(w);
          w.slot.close();
        }
      }
    }
  }
}
