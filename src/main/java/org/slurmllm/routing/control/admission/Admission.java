package org.slurmllm.routing.control.admission;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slurmllm.routing.control.GatewayMeters;
import org.slurmllm.routing.control.RoutingSettings;
import org.slurmllm.routing.control.admission.ModelQueue.Waiter;
import org.slurmllm.routing.entity.Endpoint;
import org.slurmllm.routing.entity.Share;
import org.slurmllm.serving.boundary.ReplicaLoad;
import org.slurmllm.serving.entity.ReplicasWanted;

/**
 * Who gets a replica slot, and who waits. Each READY replica takes up to its model's {@code
 * targetConcurrency} requests; beyond that requests wait in a bounded queue per model, served in
 * {@link FairOrder} (tiers, then the tenants' fair shares of tokens), and a full queue answers 429,
 * as does a tenant's full share of it. A model without any READY replica asks the reconciler for
 * one (scale from zero) and its requests wait up to the cold-start bound, then 503; one whose
 * replicas cannot start (it backs off after failures, or the cluster refuses its job) answers 503
 * at once, and so are the requests that waited for it when it starts backing off. Nothing here
 * blocks a thread: a waiting request is a future, completed when a slot frees or a replica turns
 * READY.
 */
@ApplicationScoped
public class Admission {

  @Inject ReplicaDirectory directory;
  @Inject ReplicaLoad load;
  @Inject MetricsScraper metrics;
  @Inject RoutingSettings settings;
  @Inject Event<ReplicasWanted> wanted;
  @Inject GatewayMeters meters;

  /** Whose clock tells whether a back-off is over (the tests' own). */
  Clock clock = Clock.systemUTC();

  private final Map<String, ModelQueue> queues = new ConcurrentHashMap<>();

  @PostConstruct
  void listen() {
    directory.onChange(
        () ->
            queues
                .keySet()
                .forEach(
                    model -> {
                      dispatch(model);
                      refuseIfBackingOff(model);
                    }));
  }

  /** A slot for the gateway's own call (no tenant), at the default tier. */
  public CompletableFuture<Endpoint> acquire(String model, Set<UUID> excluded) {
    return acquire(model, excluded, Share.SERVICE);
  }

  /**
   * A slot on one of the model's replicas, avoiding {@code excluded} (replicas that failed), for
   * the request of {@code share}: at once if one is free and nobody waits, else in its turn.
   */
  public CompletableFuture<Endpoint> acquire(String model, Set<UUID> excluded, Share share) {
    load.arrived(model);
    ModelQueue queue = queues.computeIfAbsent(model, this::newQueue);
    CompletableFuture<Endpoint> slot = new CompletableFuture<>();
    boolean cold;
    synchronized (queue) {
      Optional<Endpoint> free = queue.isEmpty() ? take(model, excluded, false) : Optional.empty();
      if (free.isEmpty() && settings.headroom() && queue.deservesHeadroom(share)) {
        free = take(model, excluded, true);
      }
      if (free.isPresent()) {
        queue.arrives(share);
        queue.dispatched(share);
        meters.waited(model, share.tier(), 0);
        return CompletableFuture.completedFuture(free.get());
      }
      if (queue.size() >= settings.queueSize()) {
        meters.refused(model, "queue_full");
        return CompletableFuture.failedFuture(AdmissionRefused.queueFull(model, queue.size()));
      }
      int own = queue.ofParty(share.party());
      if (own >= settings.queuePerTenant()) {
        meters.refused(model, "tenant_share");
        return CompletableFuture.failedFuture(
            AdmissionRefused.tenantShareFull(model, settings.queuePerTenant()));
      }
      // no replica this request may use: none started yet, or all it tried have failed (a
      // replacement comes as for a cold start)
      cold = !usable(model, excluded);
      Optional<AdmissionRefused> hopeless = cold ? backingOff(model) : Optional.empty();
      if (hopeless.isPresent()) {
        meters.refused(model, "backoff");
        return CompletableFuture.failedFuture(hopeless.get());
      }
      queue.add(new Waiter(slot, excluded, share, System.nanoTime()));
    }
    long timeout = (cold ? settings.coldStartTimeout() : settings.queueTimeout()).toMillis();
    if (cold) {
      wanted.fire(new ReplicasWanted(model));
    }
    // the values, not the settings bean: the timer may fire after the application is undeployed
    long queueSeconds = settings.queueTimeout().toSeconds();
    boolean replacing = !excluded.isEmpty();
    CompletableFuture.delayedExecutor(timeout, TimeUnit.MILLISECONDS)
        .execute(() -> expire(model, slot, cold, replacing, queueSeconds));
    return slot;
  }

  /** Who waits for the model now, by tenant and tier, next first (empty when nobody waits). */
  public List<QueueRow> waiting(String model) {
    ModelQueue queue = queues.get(model);
    return queue == null ? List.of() : queue.rows();
  }

  /** A waiting request gave up (its client left): out of the queue, its place to the next. */
  public void leave(String model, CompletableFuture<Endpoint> slot) {
    ModelQueue queue = queues.get(model);
    if (queue != null) {
      synchronized (queue) {
        queue.removeIf(w -> w.slot() == slot);
      }
    }
    slot.cancel(false);
  }

  /**
   * The request of {@code share} ended having used these tokens: its tenant's counter is corrected
   * from what it was charged when it got its slot.
   */
  public void settle(String model, Share share, long promptTokens, long completionTokens) {
    ModelQueue queue = queues.get(model);
    if (queue == null) {
      return;
    }
    synchronized (queue) {
      queue.settled(share, settings.weightedTokens(promptTokens, completionTokens));
    }
    meters.servedTokens(model, share.tenant(), share.tier(), promptTokens + completionTokens);
  }

  /** The request is done with its slot. */
  public void release(Endpoint endpoint) {
    release(endpoint, Share.SERVICE);
  }

  /** The request of {@code share} is done with its slot. */
  public void release(Endpoint endpoint, Share share) {
    ModelQueue queue = queues.get(endpoint.model());
    if (queue != null) {
      synchronized (queue) {
        queue.ended(share);
      }
    }
    load.finished(endpoint.model(), endpoint.replicaId());
    dispatch(endpoint.model());
  }

  private void expire(
      String model,
      CompletableFuture<Endpoint> slot,
      boolean cold,
      boolean replacing,
      long queueSeconds) {
    ModelQueue queue = queues.get(model);
    synchronized (queue) {
      if (queue.removeIf(w -> w.slot() == slot).isEmpty()) {
        return; // served or left meanwhile
      }
    }
    slot.completeExceptionally(
        cold
            ? AdmissionRefused.noReplica(model, replacing)
            : AdmissionRefused.stayedFull(model, queueSeconds));
    // counted after the answer: a timer that fires after an undeploy still answers the request,
    // though the meters are gone with the application
    meters.refused(model, cold ? "no_replica" : "queue_timeout");
  }

  private boolean usable(String model, Set<UUID> excluded) {
    return directory.ready(model).stream().anyMatch(e -> !excluded.contains(e.replicaId()));
  }

  /**
   * The answer for a request that would wait for a replica of a model that starts none now: 503
   * until its back-off ends, with the reason its replicas failed. Empty when the model may start
   * one (a request then waits for it).
   */
  private Optional<AdmissionRefused> backingOff(String model) {
    Instant now = clock.instant();
    return directory
        .known(model)
        .filter(info -> info.backingOff(now))
        .map(
            info -> {
              long seconds =
                  Math.max(1, (Duration.between(now, info.backoffUntil()).toMillis() + 999) / 1000);
              return AdmissionRefused.backingOff(model, info.failure(), seconds);
            });
  }

  /**
   * Answers the waiting requests that no READY replica can serve once their model backs off: the
   * replica they wait for is not coming before the back-off ends, which may be longer than a client
   * waits.
   */
  private void refuseIfBackingOff(String model) {
    ModelQueue queue = queues.get(model);
    Optional<AdmissionRefused> refusal = backingOff(model);
    if (queue == null || refusal.isEmpty()) {
      return;
    }
    List<Waiter> refused;
    synchronized (queue) {
      refused = queue.removeIf(w -> !usable(model, w.excluded()));
    }
    for (Waiter w : refused) {
      if (w.slot().completeExceptionally(refusal.get())) {
        meters.refused(model, "backoff");
      }
    }
  }

  private ModelQueue newQueue(String model) {
    ModelQueue queue = new ModelQueue();
    meters.queue(model, queue);
    return queue;
  }

  /** Hands free slots to waiting requests, in {@link FairOrder}. */
  private void dispatch(String model) {
    ModelQueue queue = queues.get(model);
    if (queue == null) {
      return;
    }
    long flexBound = settings.flexMaxWait().toNanos();
    boolean fifo = settings.fifo();
    while (true) {
      Waiter next;
      Endpoint endpoint;
      synchronized (queue) {
        long now = System.nanoTime();
        int i = fifo ? queue.first() : queue.next(now, flexBound);
        if (i < 0) {
          return;
        }
        next = queue.waiting().get(i);
        Optional<Endpoint> free = take(model, next.excluded(), false);
        if (free.isEmpty() && settings.headroom() && queue.deservesHeadroom(next.share())) {
          free = take(model, next.excluded(), true);
        }
        if (free.isEmpty()) {
          return;
        }
        queue.remove(i);
        queue.dispatched(next.share());
        meters.waited(model, next.share().tier(), now - next.arrivedNanos());
        endpoint = free.get();
      }
      if (!next.slot().complete(endpoint)) {
        release(endpoint, next.share()); // it timed out meanwhile
      }
    }
  }

  /**
   * A slot on one of the model's READY replicas; with {@code headroom}, one beyond its {@code
   * targetConcurrency} (at most one more a replica), for a request the queue would serve first.
   */
  private Optional<Endpoint> take(String model, Set<UUID> excluded, boolean headroom) {
    List<Endpoint> candidates =
        directory.ready(model).stream().filter(e -> !excluded.contains(e.replicaId())).toList();
    long now = System.nanoTime();
    int beyond = headroom ? 1 : 0;
    Optional<Endpoint> chosen =
        LeastOutstanding.choose(
            candidates,
            e -> load.inFlight(e.replicaId()) - beyond,
            e ->
                LoadEstimate.of(load.inFlight(e.replicaId()), metrics.reported(e.replicaId()), now),
            ThreadLocalRandom.current());
    chosen.ifPresent(e -> load.started(model, e.replicaId()));
    return chosen;
  }
}
