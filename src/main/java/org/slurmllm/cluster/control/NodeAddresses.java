package org.slurmllm.cluster.control;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slurmllm.cluster.entity.ClusterState;

/**
 * Where each node is reached, as SLURM knows it (NodeAddr). A job's server announces itself by the
 * node's name, which only the node may be able to resolve (a gateway outside the cluster's DNS, the
 * development cluster's network namespaces); its address works from anywhere the node is routed.
 * Read from the scheduler when a name is missing, at most every {@link #REFRESH}; a name SLURM does
 * not know is taken as it is (a host the job named itself, e.g. an address).
 */
public final class NodeAddresses {

  static final Duration REFRESH = Duration.ofSeconds(10);

  private final Supplier<ClusterState> describe;
  private final Clock clock;
  private volatile Map<String, String> addresses = Map.of();
  private volatile Instant readAt = Instant.EPOCH;

  public NodeAddresses(Supplier<ClusterState> describe, Clock clock) {
    this.describe = describe;
    this.clock = clock;
  }

  /** The address of the node named {@code host}, or {@code host} itself. */
  public String of(String host) {
    String address = addresses.get(host);
    if (address != null) {
      return address;
    }
    Instant now = clock.instant();
    if (Duration.between(readAt, now).compareTo(REFRESH) >= 0) {
      readAt = now;
      try {
        addresses =
            describe.get().nodes().stream()
                .filter(n -> n.address() != null && !n.address().isBlank())
                .collect(
                    Collectors.toUnmodifiableMap(
                        ClusterState.Node::name, ClusterState.Node::address, (a, b) -> a));
      } catch (RuntimeException e) {
        return host; // the scheduler away: the name may still resolve
      }
    }
    return addresses.getOrDefault(host, host);
  }
}
