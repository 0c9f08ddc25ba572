package org.slurmllm.routing.control.admission;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slurmllm.access.entity.Principal;
import org.slurmllm.catalog.boundary.ModelCatalog;
import org.slurmllm.catalog.entity.Model;
import org.slurmllm.catalog.entity.ModelChanged;
import org.slurmllm.catalog.entity.ModelInternals;
import org.slurmllm.fleet.boundary.Fleet;
import org.slurmllm.routing.control.GatewayMeters;
import org.slurmllm.routing.entity.Endpoint;
import org.slurmllm.serving.boundary.Replicas;
import org.slurmllm.serving.entity.ReconcilePassed;
import org.slurmllm.serving.entity.Replica;
import org.slurmllm.serving.entity.ReplicaChanged;
import org.slurmllm.serving.entity.ReplicaState;
import org.slurmllm.serving.entity.ReplicaSuspected;

/**
 * The routable world, in memory: each model's READY replicas and what a request needs to know of
 * the model. Requests read it without touching the database; it is refreshed after replica and
 * catalog changes commit, and by every reconcile pass (so gateways that are not the reconciling
 * leader see the same replicas).
 */
@ApplicationScoped
public class ReplicaDirectory {

  /**
   * What routing needs of a catalog model.
   *
   * @param backoffUntil until when the model starts no replica after failures (null when it may)
   * @param failure why it backs off: its last replica's failure (null when it does not)
   */
  public record ModelInfo(
      String name,
      int concurrencyPerReplica,
      int contextLength,
      Set<String> tenants,
      boolean embeds,
      Instant backoffUntil,
      String failure,
      boolean tribunal) {

    public ModelInfo(
        String name,
        int concurrencyPerReplica,
        int contextLength,
        Set<String> tenants,
        boolean embeds) {
      this(name, concurrencyPerReplica, contextLength, tenants, embeds, null, null, false);
    }

    /** Whether the model starts no replica now: a request without one would wait in vain. */
    public boolean backingOff(Instant now) {
      return backoffUntil != null && now.isBefore(backoffUntil);
    }

    /** Whether the caller may use the model (models restricted to tenants). */
    public boolean usableBy(Principal caller) {
      return caller.seesAllTenants() || tenants.isEmpty() || tenants.contains(caller.tenantName());
    }
  }

  @Inject ModelCatalog catalog;
  @Inject Replicas replicas;
  @Inject Fleet fleet;
  @Inject GatewayMeters meters;
  @Inject Event<ReplicaSuspected> suspected;
  @Inject FailedReplicaConnections failedConnections;

  /** Its own (wildfly-config/concurrency.cli): a refresh never waits behind other work. */
  @Resource(lookup = "java:jboss/ee/concurrency/executor/routing")
  ManagedExecutorService executor;

  private final AtomicBoolean refreshPending = new AtomicBoolean();
  private final Map<String, CompletableFuture<Optional<ModelInfo>>> lookups =
      new ConcurrentHashMap<>();

  private volatile Map<String, ModelInfo> models = Map.of();
  private volatile Map<String, List<Endpoint>> ready = Map.of();
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  private final Map<UUID, CircuitBreaker> breakers = new ConcurrentHashMap<>();

  /**
   * The model, from memory. A name not in memory is looked up once in the database (a model created
   * a moment ago may not have reached the directory yet; its refresh runs on another thread).
   */
  public Optional<ModelInfo> model(String name) {
    ModelInfo known = models.get(name);
    if (known != null) {
      return Optional.of(known);
    }
    Optional<ModelInfo> stored = catalog.find(name).map(ReplicaDirectory::info);
    stored.ifPresent(this::remember);
    return stored;
  }

  /**
   * The model, without blocking the calling thread: from memory at once, else looked up in the
   * database on the routing executor (for callers on an I/O thread). Requests for the same name
   * share one lookup, and a model found is kept in memory at once: a burst of requests for a model
   * created a moment ago must not queue a query each behind each other.
   */
  public CompletableFuture<Optional<ModelInfo>> modelSoon(String name) {
    ModelInfo known = models.get(name);
    if (known != null) {
      return CompletableFuture.completedFuture(Optional.of(known));
    }
    CompletableFuture<Optional<ModelInfo>> mine = new CompletableFuture<>();
    CompletableFuture<Optional<ModelInfo>> running = lookups.putIfAbsent(name, mine);
    if (running != null) {
      return running;
    }
    try {
      executor.execute(
          () -> {
            try {
              mine.complete(model(name));
            } catch (RuntimeException e) {
              mine.completeExceptionally(e);
            } finally {
              lookups.remove(name, mine);
            }
          });
    } catch (RuntimeException e) {
      lookups.remove(name, mine);
      mine.completeExceptionally(e);
    }
    return mine;
  }

  /** A model found in the database: in memory until the refresh (asked for here) replaces all. */
  private synchronized void remember(ModelInfo found) {
    Map<String, ModelInfo> more = new HashMap<>(models);
    more.put(found.name(), found);
    models = Map.copyOf(more);
    refreshSoon();
  }

  private static ModelInfo info(Model m) {
    return new ModelInfo(
        m.name,
        m.scaling.targetConcurrency,
        m.contextLength,
        Set.copyOf(m.tenants),
        Model.EMBED.equals(m.task),
        "backoff".equals(m.servingStatus) ? m.servingRetryAt : null,
        // any key that may call the model reads it in the 503
        ModelInternals.hide(m, m.servingFailure),
        m.isTribunal());
  }

  /** The model as this gateway last read it, without touching the database. */
  public Optional<ModelInfo> known(String name) {
    return Optional.ofNullable(models.get(name));
  }

  /** READY replicas of the model that are not taken out by the circuit breaker. */
  public List<Endpoint> ready(String model) {
    return ready.getOrDefault(model, List.of()).stream()
        .filter(e -> !breakers.getOrDefault(e.replicaId(), CircuitBreaker.CLOSED).open())
        .toList();
  }

  /** Every model's READY replicas, circuit breakers aside (for background work like scraping). */
  public List<Endpoint> allReady() {
    return ready.values().stream().flatMap(List::stream).toList();
  }

  /** Called when the routable set changes (admission hands out waiting slots). */
  public void onChange(Runnable listener) {
    listeners.add(listener);
  }

  /** The replica failed a request before its first byte. */
  public void failed(UUID replica) {
    CircuitBreaker now =
        breakers.merge(replica, CircuitBreaker.CLOSED.failed(), (old, n) -> old.failed());
    if (now.failures() == 1 && suspected != null) {
      suspected.fire(new ReplicaSuspected(replica)); // once per run of failures
    }
  }

  /** The replica answered a request, or its probe passed: back in rotation. */
  public void succeeded(UUID replica) {
    if (breakers.remove(replica) != null) {
      listeners.forEach(Runnable::run);
    }
  }

  /** READY replicas taken out of rotation by their circuit breaker. */
  public List<Endpoint> outOfRotation() {
    return allReady().stream()
        .filter(e -> breakers.getOrDefault(e.replicaId(), CircuitBreaker.CLOSED).open())
        .toList();
  }

  void onReplicaChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) ReplicaChanged change) {
    if (change.to() == ReplicaState.READY || change.from() == ReplicaState.READY) {
      refreshSoon();
    }
  }

  void onModelChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) ModelChanged change) {
    refreshSoon();
  }

  void onReconcilePassed(@Observes ReconcilePassed pass) {
    refreshSoon();
  }

  /**
   * Refreshes on another thread: the observers run while the changing transaction completes, where
   * the database must not be used again; and a burst of changes costs one refresh, not one each.
   */
  void refreshSoon() {
    if (refreshPending.compareAndSet(false, true)) {
      try {
        executor.execute(
            () -> {
              refreshPending.set(false);
              refresh();
            });
      } catch (RuntimeException e) {
        refreshPending.set(false); // refused (shutting down): the next change asks again
      }
    }
  }

  /**
   * Reloads models and READY replicas: two small queries, off the request path. One at a time: a
   * refresh that read the database earlier must not publish after one that read it later.
   */
  public synchronized void refresh() {
    Map<String, ModelInfo> freshModels = new HashMap<>();
    for (Model m : catalog.all()) {
      freshModels.put(m.name, info(m));
    }
    Map<String, List<Endpoint>> freshReady = new HashMap<>();
    for (Replica r : replicas.ready()) {
      ModelInfo info = freshModels.get(r.modelName);
      if (info != null && r.endpoint != null) {
        freshReady
            .computeIfAbsent(r.modelName, k -> new ArrayList<>())
            .add(
                new Endpoint(
                    r.id,
                    r.modelName,
                    r.endpoint,
                    // each gateway its share: the model's concurrency per replica holds for all
                    fleet == null
                        ? info.concurrencyPerReplica()
                        : fleet.share(info.concurrencyPerReplica()),
                    r.jobId,
                    r.secret));
      }
    }
    if (failedConnections != null) {
      failedConnections.closeGone(allReady(), freshReady);
    }
    publish(freshModels, freshReady);
  }

  /** Replaces the routable world at once and tells the listeners. */
  void publish(Map<String, ModelInfo> freshModels, Map<String, List<Endpoint>> freshReady) {
    models = Map.copyOf(freshModels);
    ready = Map.copyOf(freshReady);
    // a replica that left READY and came back starts with a clean record
    breakers
        .keySet()
        .retainAll(
            freshReady.values().stream().flatMap(List::stream).map(Endpoint::replicaId).toList());
    meters.circuits(
        allReady(), e -> breakers.getOrDefault(e.replicaId(), CircuitBreaker.CLOSED).open());
    listeners.forEach(Runnable::run);
  }
}
