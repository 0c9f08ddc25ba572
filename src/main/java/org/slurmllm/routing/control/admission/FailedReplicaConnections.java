package org.slurmllm.routing.control.admission;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slurmllm.routing.control.upstream.ReplicaTraffic;
import org.slurmllm.routing.entity.Endpoint;
import org.slurmllm.serving.boundary.Replicas;

/**
 * Replicas that left READY because they FAILED (their node died, their server stopped answering)
 * have their connections closed, so that requests still waiting on them are tried on other replicas
 * now instead of waiting out their timeout on a node that will never answer. A replica that drains
 * keeps its connections: its requests finish. Every gateway does this at its directory refresh,
 * whichever gateway's reconciler saw the failure.
 */
@ApplicationScoped
public class FailedReplicaConnections {

  @Inject Replicas replicas;
  @Inject ReplicaTraffic traffic;

  /** Closes the connections of the replicas of {@code before} not in {@code now} that FAILED. */
  void closeGone(List<Endpoint> before, Map<String, List<Endpoint>> now) {
    Set<UUID> still =
        now.values().stream()
            .flatMap(List::stream)
            .map(Endpoint::replicaId)
            .collect(Collectors.toSet());
    Map<UUID, String> gone = new HashMap<>();
    for (Endpoint e : before) {
      if (!still.contains(e.replicaId())) {
        gone.put(e.replicaId(), e.address());
      }
    }
    if (gone.isEmpty()) {
      return;
    }
    for (UUID failed : replicas.failedAmong(gone.keySet())) {
      traffic.connections().closeAll(gone.get(failed));
    }
  }
}
