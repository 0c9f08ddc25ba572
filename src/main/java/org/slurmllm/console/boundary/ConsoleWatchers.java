package org.slurmllm.console.boundary;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.slurmllm.access.boundary.LiveStreams;
import org.slurmllm.access.entity.Principal;
import org.slurmllm.console.control.Audience;
import org.slurmllm.console.control.ChangeDiff;
import org.slurmllm.console.control.ChangeReader;
import org.slurmllm.console.entity.Change;
import org.slurmllm.rest.StreamClosing;

/**
 * Every signed-in console's live stream, served by one scheduled task rather than a thread per
 * watcher: while anyone watches, it reads the watched set once a second (from the database, so a
 * change made by another gateway shows too) and sends each watcher the changes its key may see. At
 * every tick each watcher's key is checked again (from memory): a revoked or expired key's stream
 * ends with an {@code error} event. A comment every {@link #PING_SECONDS} keeps proxies from
 * closing a quiet stream and finds the watchers whose client has gone (a send to them fails), which
 * frees their key's place ({@link LiveStreams}).
 */
@ApplicationScoped
public class ConsoleWatchers {

  private static final Logger LOG = Logger.getLogger(ConsoleWatchers.class.getName());
  static final long TICK_MILLIS = 1000;
  static final long PING_SECONDS = 5;

  @Resource(lookup = "java:jboss/ee/concurrency/scheduler/console-events")
  ManagedScheduledExecutorService scheduler;

  @Inject ChangeReader reader;
  @Inject LiveStreams streams;

  private final List<Watcher> watchers = new CopyOnWriteArrayList<>();
  private ScheduledFuture<?> ticking;
  private Map<String, Change> seen;
  private long lastPing = System.nanoTime();

  private record Watcher(Principal principal, SseEventSink sink, Sse sse, LiveStreams.Slot slot) {}

  void watch(Principal principal, SseEventSink sink, Sse sse, LiveStreams.Slot slot) {
    Watcher w = new Watcher(principal, sink, sse, slot);
    watchers.add(w);
    // at once, so the page knows its stream is open and can load what it shows
    send(w, sse.newEventBuilder().name("hello").data("{}").build());
    startTicking();
  }

  private synchronized void startTicking() {
    if (ticking == null) {
      seen = null;
      ticking = scheduler.scheduleWithFixedDelay(this::tick, 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  @PreDestroy
  synchronized void stop() {
    if (ticking != null) {
      ticking.cancel(false);
    }
    StreamClosing.closeAll(watchers.stream().map(Watcher::sink).toList());
  }

  private void tick() {
    for (Watcher w : watchers) {
      LiveStreams.Ending ending = streams.ending(w.principal.keyId());
      if (ending != null) {
        end(w, ending);
      } else if (w.sink.isClosed()) {
        drop(w);
      }
    }
    if (watchers.isEmpty()) {
      stopWhenIdle();
      return;
    }
    try {
      Map<String, Change> now = reader.read();
      if (seen != null) {
        for (Change c : ChangeDiff.between(seen, now)) {
          publish(c);
        }
      }
      seen = now;
    } catch (RuntimeException e) {
      // the database may be away for a moment: the next tick compares with the last good reading
      LOG.log(Level.FINE, "console changes", e);
    }
    if (System.nanoTime() - lastPing > TimeUnit.SECONDS.toNanos(PING_SECONDS)) {
      lastPing = System.nanoTime();
      for (Watcher w : watchers) {
        send(w, w.sse.newEventBuilder().comment("ping").build());
      }
    }
  }

  private void drop(Watcher w) {
    watchers.remove(w);
    w.slot.close();
  }

  /** The key may no longer be used: its stream ends with the API's error body as an event. */
  private void end(Watcher w, LiveStreams.Ending ending) {
    drop(w);
    // closed once the event is written, not here: a client that stopped reading would hold the tick
    try {
      w.sink
          .send(w.sse.newEventBuilder().name("error").data(ending.eventData()).build())
          .whenComplete((ok, failure) -> w.sink.close());
    } catch (RuntimeException e) {
      w.sink.close();
    }
  }

  private synchronized void stopWhenIdle() {
    if (watchers.isEmpty() && ticking != null) {
      ticking.cancel(false);
      ticking = null;
    }
  }

  private void publish(Change c) {
    String data = c.eventData();
    for (Watcher w : watchers) {
      if (Audience.sees(w.principal, c)) {
        send(w, w.sse.newEventBuilder().name(c.kind()).data(data).build());
      }
    }
  }

  private static void send(Watcher w, OutboundSseEvent event) {
    try {
      w.sink
          .send(event)
          .whenComplete(
              (ok, failure) -> {
                if (failure != null) {
                  w.sink.close(); // the client left; the next tick drops it
                }
              });
    } catch (RuntimeException e) {
      w.sink.close();
    }
  }
}
