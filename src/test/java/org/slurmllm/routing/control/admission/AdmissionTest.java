package org.slurmllm.routing.control.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.NotificationOptions;
import jakarta.enterprise.util.TypeLiteral;
import java.lang.annotation.Annotation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slurmllm.access.entity.ServiceTier;
import org.slurmllm.metrics.Meters;
import org.slurmllm.routing.control.GatewayMeters;
import org.slurmllm.routing.control.RoutingSettings;
import org.slurmllm.routing.control.Settings;
import org.slurmllm.routing.control.admission.ReplicaDirectory.ModelInfo;
import org.slurmllm.routing.entity.Endpoint;
import org.slurmllm.routing.entity.Share;
import org.slurmllm.serving.boundary.ReplicaLoad;
import org.slurmllm.serving.control.LoadTracker;
import org.slurmllm.serving.entity.ReplicasWanted;
import org.slurmllm.testing.Eventually;

class AdmissionTest {

  static final String MODEL = "m";
  static final int PER_REPLICA = 2;

  final ReplicaDirectory directory = new ReplicaDirectory();
  final LoadTracker load = new LoadTracker();
  final List<ReplicasWanted> wanted = new ArrayList<>();
  final Admission admission = new Admission();
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @BeforeEach
  void wire() {
    GatewayMeters meters = new GatewayMeters(new Meters(registry));
    directory.meters = meters;
    admission.meters = meters;
    admission.directory = directory;
    admission.load = new ReplicaLoad(load);
    admission.metrics = new MetricsScraper();
    admission.settings = settings(2, 60, 60);
    admission.wanted = new Recording<>(wanted);
    admission.listen();
  }

  static RoutingSettings settings(int queueSize, long queueSeconds, long coldSeconds) {
    return Settings.of(queueSize, queueSeconds, coldSeconds);
  }

  Endpoint replica() {
    return new Endpoint(UUID.randomUUID(), MODEL, "node:1", PER_REPLICA, "1");
  }

  void publish(Endpoint... ready) {
    directory.publish(
        Map.of(MODEL, new ModelInfo(MODEL, PER_REPLICA, 4096, Set.of(), false)),
        Map.of(MODEL, List.of(ready)));
  }

  CompletableFuture<Endpoint> acquire() {
    return admission.acquire(MODEL, Set.of());
  }

  static AdmissionRefused refusal(CompletableFuture<Endpoint> slot) throws Exception {
    ExecutionException e =
        assertThrows(ExecutionException.class, () -> slot.get(5, TimeUnit.SECONDS));
    return assertInstanceOf(AdmissionRefused.class, e.getCause());
  }

  @Test
  void eachReplicaTakesItsTargetConcurrencyThenRequestsWaitInArrivalOrder() throws Exception {
    Endpoint only = replica();
    publish(only);
    Endpoint first = acquire().getNow(null);
    Endpoint second = acquire().getNow(null);
    assertEquals(only, first);
    assertEquals(only, second);
    assertEquals(2, load.inFlight(only.replicaId()));

    CompletableFuture<Endpoint> third = acquire();
    CompletableFuture<Endpoint> fourth = acquire();
    assertFalse(third.isDone());
    admission.release(first);
    assertEquals(only, third.getNow(null), "the longest waiting goes first");
    assertFalse(fourth.isDone());
    admission.release(second);
    assertEquals(only, fourth.getNow(null));
    assertTrue(wanted.isEmpty(), "a model with a replica needs no cold start");
  }

  @Test
  void aFullQueueIsRefusedAtOnceWith429AndRetryAfter() throws Exception {
    publish(replica());
    acquire();
    acquire(); // the replica is full
    acquire();
    acquire(); // the queue (2) is full
    assertEquals(2, registry.get("slurmllm.queue.depth").tag("model", MODEL).gauge().value());
    AdmissionRefused refused = refusal(acquire());
    assertEquals(429, refused.status());
    assertTrue(refused.retryAfterSeconds() >= 1);
    assertTrue(refused.getMessage().contains("at capacity"), refused.getMessage());
    assertEquals(1, refusals("queue_full"));
  }

  double refusals(String reason) {
    return registry
        .get("slurmllm.admission.refused")
        .tags("model", MODEL, "reason", reason)
        .counter()
        .count();
  }

  @Test
  void aRequestWaitingLongerThanTheQueueBoundIsRefusedAndItsSlotIsNotLost() throws Exception {
    admission.settings = settings(2, 0, 60);
    Endpoint only = replica();
    publish(only);
    Endpoint first = acquire().getNow(null);
    acquire();
    AdmissionRefused refused = refusal(acquire());
    assertEquals(429, refused.status());
    // counted just after the answer, on the timer's thread
    Eventually.await(
        "counted", Duration.ofSeconds(5), () -> refusals("queue_timeout"), n -> n == 1);
    admission.release(first);
    assertEquals(only, acquire().getNow(null), "the freed slot went to no expired waiter");
  }

  @Test
  void aModelWithoutReplicasAsksForOneAndItsRequestsGetItWhenReady() throws Exception {
    CompletableFuture<Endpoint> waiting = acquire();
    assertFalse(waiting.isDone());
    assertEquals(List.of(new ReplicasWanted(MODEL)), wanted);
    assertTrue(load.sinceLastRequest(MODEL) != null, "the autoscaler sees the demand");

    Endpoint started = replica();
    publish(started);
    assertEquals(started, waiting.get(1, TimeUnit.SECONDS));
  }

  @Test
  void aColdStartLongerThanItsBoundIs503WithRetryAfter() throws Exception {
    admission.settings = settings(2, 60, 0);
    AdmissionRefused refused = refusal(acquire());
    assertEquals(503, refused.status());
    assertTrue(refused.retryAfterSeconds() >= 1);
    // counted just after the answer, on the timer's thread
    Eventually.await("counted", Duration.ofSeconds(5), () -> refusals("no_replica"), n -> n == 1);
  }

  @Test
  void replicasThatAlreadyFailedTheRequestAreNotChosenAgain() throws Exception {
    Endpoint failed = replica();
    Endpoint other = replica();
    publish(failed, other);
    for (int i = 0; i < 10; i++) {
      Endpoint e = admission.acquire(MODEL, Set.of(failed.replicaId())).getNow(null);
      assertEquals(other, e);
      admission.release(e);
    }
  }

  @Test
  void aRequestWhoseReplicasAllDiedWaitsForAReplacementAsForAColdStart() throws Exception {
    Endpoint dead = replica();
    publish(dead);
    admission.settings = settings(2, 0, 60); // a busy-replica wait would expire at once
    CompletableFuture<Endpoint> waiting = admission.acquire(MODEL, Set.of(dead.replicaId()));
    Thread.sleep(50);
    assertFalse(waiting.isDone(), "waits for the cold-start bound, not the queue bound");
    assertEquals(List.of(new ReplicasWanted(MODEL)), wanted);
    Endpoint replacement = replica();
    publish(dead, replacement);
    assertEquals(replacement, waiting.get(1, TimeUnit.SECONDS));
  }

  @Test
  void noReplacementWithinTheBoundIs503SayingTheServersFailed() throws Exception {
    Endpoint dead = replica();
    publish(dead);
    admission.settings = settings(2, 60, 0);
    AdmissionRefused refused = refusal(admission.acquire(MODEL, Set.of(dead.replicaId())));
    assertEquals(503, refused.status());
    assertTrue(refused.getMessage().contains("failed"), refused.getMessage());
    assertTrue(refused.retryAfterSeconds() >= 1);
  }

  @Test
  void aReplicaWhoseCircuitIsOpenGetsNoRequests() throws Exception {
    Endpoint broken = replica();
    Endpoint healthy = replica();
    publish(broken, healthy);
    for (int i = 0; i < CircuitBreaker.OPEN_AFTER; i++) {
      directory.failed(broken.replicaId());
    }
    assertEquals(List.of(broken), directory.outOfRotation());
    assertEquals(1, circuit(broken));
    assertEquals(0, circuit(healthy));
    for (int i = 0; i < 10; i++) {
      Endpoint e = acquire().getNow(null);
      assertNotEquals(broken, e);
      admission.release(e);
    }
    directory.succeeded(broken.replicaId()); // its probe passed
    assertTrue(directory.outOfRotation().isEmpty());
    assertEquals(0, circuit(broken));
    assertEquals(Set.of(broken, healthy), Set.of(acquire().getNow(null), acquire().getNow(null)));
  }

  double circuit(Endpoint replica) {
    return registry
        .get("slurmllm.circuit.open")
        .tag("replica", replica.replicaId().toString())
        .gauge()
        .value();
  }

  static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

  /** The model as the directory knows it while it backs off until {@code until}. */
  void publishBackingOff(Instant until, Endpoint... ready) {
    admission.clock = Clock.fixed(NOW, ZoneOffset.UTC);
    directory.publish(
        Map.of(
            MODEL,
            new ModelInfo(
                MODEL,
                PER_REPLICA,
                4096,
                Set.of(),
                false,
                until,
                "the scheduler rejected the job (partition nope, 0 GPU(s), 1 CPU(s), 1024 MB, 30"
                    + " min): Invalid partition name specified",
                false)),
        Map.of(MODEL, List.of(ready)));
  }

  @Test
  void aModelThatCannotStartAReplicaIsAnswered503AtOnceWithItsReasonAndWhenToRetry()
      throws Exception {
    publishBackingOff(NOW.plusMillis(27_300));
    CompletableFuture<Endpoint> slot = acquire();
    assertTrue(slot.isDone(), "answered at once, not after the cold-start bound");
    AdmissionRefused refused = refusal(slot);
    assertEquals(503, refused.status());
    assertEquals(28, refused.retryAfterSeconds(), "until the next attempt, rounded up");
    assertEquals("model_unavailable", refused.code());
    assertTrue(refused.getMessage().contains("Invalid partition name"), refused.getMessage());
    assertTrue(refused.getMessage().contains("partition nope"), refused.getMessage());
    assertTrue(wanted.isEmpty(), "no replica asked for while the model backs off");
    assertEquals(1, refusals("backoff"));
  }

  @Test
  void requestsWaitingForAReplicaAreAnsweredWhenTheirModelStartsBackingOff() throws Exception {
    publish();
    CompletableFuture<Endpoint> first = acquire();
    CompletableFuture<Endpoint> second = acquire();
    assertFalse(first.isDone());
    publishBackingOff(NOW.plusSeconds(30));
    assertEquals(503, refusal(first).status());
    assertEquals(503, refusal(second).status());
    assertEquals(0, registry.get("slurmllm.queue.depth").tag("model", MODEL).gauge().value());
  }

  @Test
  void aModelBackingOffStillServesFromTheReplicasItHasAndQueuesForThem() throws Exception {
    Endpoint only = replica();
    publishBackingOff(NOW.plusSeconds(30), only);
    assertEquals(only, acquire().getNow(null));
    assertEquals(only, acquire().getNow(null));
    CompletableFuture<Endpoint> third = acquire();
    assertFalse(third.isDone(), "waits for a slot on the replica that serves");
    publishBackingOff(NOW.plusSeconds(30), only);
    assertFalse(third.isDone(), "a replica is there: the back-off does not concern it");
  }

  @Test
  void aBackOffThatIsOverLetsRequestsWaitForTheNextAttempt() {
    publishBackingOff(NOW.minusSeconds(1));
    assertFalse(acquire().isDone());
    assertEquals(1, wanted.size());
  }

  /** Records fired events instead of delivering them. */
  CompletableFuture<Endpoint> acquireAs(String tenant) {
    return admission.acquire(
        MODEL, Set.of(), new Share(tenant, tenant, tenant.hashCode(), 1, ServiceTier.DEFAULT, 100));
  }

  @Test
  void aTenantsFloodBeyondItsShareIsRefusedWhileAnotherTenantStillQueuesAndGoesFirst()
      throws Exception {
    admission.settings = Settings.fair(10, 3);
    Endpoint only = replica();
    publish(only);
    Endpoint a1 = acquireAs("a").getNow(null);
    acquireAs("a"); // the replica (2) is full
    List<CompletableFuture<Endpoint>> waiting =
        List.of(acquireAs("a"), acquireAs("a"), acquireAs("a"));
    AdmissionRefused refused = refusal(acquireAs("a"));
    assertEquals(429, refused.status());
    assertTrue(refused.getMessage().contains("tenant's share"), refused.getMessage());
    CompletableFuture<Endpoint> b = acquireAs("b");
    assertFalse(b.isDone(), "b still queues");
    admission.release(a1);
    assertEquals(only, b.getNow(null), "b goes before a's three, which were there first");
    assertTrue(waiting.stream().noneMatch(CompletableFuture::isDone));
    assertEquals(
        1.0,
        registry.get("slurmllm.admission.refused").tag("reason", "tenant_share").counter().count());
  }

  CompletableFuture<Endpoint> acquireAs(String tenant, ServiceTier tier) {
    return admission.acquire(
        MODEL, Set.of(), new Share(tenant, tenant, tenant.hashCode(), 1, tier, 100));
  }

  @Test
  void aTenantWithNothingInFlightTakesOneSlotBeyondTheLimitAheadOfABacklog() throws Exception {
    admission.settings = Settings.withHeadroom(10);
    Endpoint only = replica();
    publish(only);
    acquireAs("heavy").getNow(null);
    acquireAs("heavy").getNow(null); // the replica's 2 slots
    CompletableFuture<Endpoint> heavy3 = acquireAs("heavy");
    assertFalse(heavy3.isDone(), "the heavy tenant has requests in flight: it waits");
    assertEquals(only, acquireAs("light").getNow(null), "at once, a third request in flight");
    assertEquals(3, load.inFlight(only.replicaId()));
    assertFalse(acquireAs("other").isDone(), "one slot beyond the limit, no more");
  }

  @Test
  void aBetterTierTakesTheSlotBeyondTheLimitAWorseOneWaits() throws Exception {
    admission.settings = Settings.withHeadroom(10);
    publish(replica());
    acquireAs("a", ServiceTier.DEFAULT);
    acquireAs("a", ServiceTier.DEFAULT);
    assertFalse(acquireAs("f", ServiceTier.FLEX).isDone(), "flex never jumps default in flight");
    assertTrue(acquireAs("p", ServiceTier.PRIORITY).isDone(), "priority does");
  }

  @Test
  void firstComeFirstServedWhenTold() throws Exception {
    admission.settings = Settings.fifo(10, 10);
    Endpoint only = replica();
    publish(only);
    Endpoint a1 = acquireAs("a").getNow(null);
    acquireAs("a");
    CompletableFuture<Endpoint> a3 = acquireAs("a");
    CompletableFuture<Endpoint> b = acquireAs("b");
    admission.release(a1);
    assertEquals(only, a3.getNow(null), "the longest waiting, whoever it is");
    assertFalse(b.isDone());
  }

  record Recording<T>(List<T> fired) implements Event<T> {
    @Override
    public void fire(T event) {
      fired.add(event);
    }

    @Override
    public <U extends T> CompletionStage<U> fireAsync(U event) {
      fired.add(event);
      return CompletableFuture.completedFuture(event);
    }

    @Override
    public <U extends T> CompletionStage<U> fireAsync(U event, NotificationOptions options) {
      return fireAsync(event);
    }

    @Override
    public Event<T> select(Annotation... qualifiers) {
      return this;
    }

    @Override
    public <U extends T> Event<U> select(Class<U> subtype, Annotation... qualifiers) {
      throw new UnsupportedOperationException();
    }

    @Override
    public <U extends T> Event<U> select(TypeLiteral<U> subtype, Annotation... qualifiers) {
      throw new UnsupportedOperationException();
    }
  }
}
