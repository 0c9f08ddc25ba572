package org.slurmllm.serving.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slurmllm.catalog.boundary.ModelCatalog;
import org.slurmllm.catalog.entity.ModelDefinition;
import org.slurmllm.serving.entity.ReplicaChanged;
import org.slurmllm.serving.entity.ReplicaState;
import org.slurmllm.testing.Deployments;
import org.slurmllm.testing.Eventually;
import org.slurmllm.testing.Models;

/** In the container: every replica transition reaches observers once its transaction commits. */
@ExtendWith(ArquillianExtension.class)
class ReplicaEventsIT {

  @Deployment
  static WebArchive app() {
    return Deployments.inContainer(
        ReplicaEventsIT.class, Recorder.class, Models.class, Eventually.class);
  }

  /** Records the transitions observed after commit. */
  @ApplicationScoped
  public static class Recorder {
    private final List<ReplicaChanged> seen = new CopyOnWriteArrayList<>();

    /** Through a method: the injected client proxy has fields of its own, always empty. */
    public List<ReplicaChanged> seen() {
      return seen;
    }

    void record(@Observes(during = TransactionPhase.AFTER_SUCCESS) ReplicaChanged change) {
      seen.add(change);
    }
  }

  @Inject ModelCatalog catalog;
  @Inject Recorder recorder;

  @Test
  void transitionsAreAnnouncedAfterCommit() {
    String name = Models.uniqueName("events");
    catalog.create(
        new ModelDefinition(
            name,
            "sim",
            null,
            null,
            null,
            null,
            new ModelDefinition.Scaling(1, 1, null, null),
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null));

    List<ReplicaState> states =
        Eventually.await(
            "PENDING, STARTING and READY announced",
            Duration.ofSeconds(60),
            () ->
                recorder.seen().stream()
                    .filter(c -> c.model().equals(name))
                    .map(ReplicaChanged::to)
                    .toList(),
            s -> s.contains(ReplicaState.READY));
    assertEquals(List.of(ReplicaState.PENDING, ReplicaState.STARTING, ReplicaState.READY), states);

    catalog.delete(name);
    List<ReplicaChanged> all =
        Eventually.await(
            "the replica stopped",
            Duration.ofSeconds(60),
            () -> recorder.seen().stream().filter(c -> c.model().equals(name)).toList(),
            l -> l.stream().anyMatch(c -> c.to() == ReplicaState.STOPPED));
    ReplicaChanged draining =
        all.stream().filter(c -> c.to() == ReplicaState.DRAINING).findFirst().orElseThrow();
    assertEquals(ReplicaState.READY, draining.from());
    assertTrue(draining.reason().contains("deleted"), draining::toString);
  }
}
