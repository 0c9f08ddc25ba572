package org.slurmllm.serving.control;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slurmllm.serving.entity.ReplicaState;

/**
 * What to do so that a model has its desired number of replicas, as a pure function.
 *
 * <p>A READY replica whose walltime ends within the renewal lead gets a successor submitted early;
 * it keeps serving until the successor is READY, then drains. So service has no gap, and a replica
 * with a successor does not count twice. Surplus replicas are drained cheapest first: queued jobs,
 * then starting ones, then the youngest READY ones (the oldest have warm caches). A replica
 * launched from an older definition of its model is replaced the same way: READY ones get a
 * successor first (a rolling update without a gap), ones not serving yet are drained and submitted
 * anew.
 */
public final class ScalePlan {

  private ScalePlan() {}

  /** A live replica (PENDING, STARTING or READY) as the planner sees it. */
  public record Live(
      UUID id,
      ReplicaState state,
      Instant submittedAt,
      Instant walltimeEnd,
      UUID successorId,
      boolean outdated) {

    /** A replica launched from the model's current definition. */
    public Live(
        UUID id, ReplicaState state, Instant submittedAt, Instant walltimeEnd, UUID successorId) {
      this(id, state, submittedAt, walltimeEnd, successorId, false);
    }
  }

  /**
   * @param submit new replicas to submit (not counting successors)
   * @param renew READY replicas that need a successor submitted now
   * @param drain replicas to drain (surplus, or replaced by a READY successor)
   */
  public record Actions(int submit, List<UUID> renew, List<UUID> drain) {
    public boolean isEmpty() {
      return submit == 0 && renew.isEmpty() && drain.isEmpty();
    }
  }

  public static Actions plan(
      int desired, List<Live> live, Instant now, Duration renewalLead, boolean mayStart) {
    Map<UUID, Live> byId = live.stream().collect(Collectors.toMap(Live::id, Function.identity()));
    List<UUID> drain = new ArrayList<>();
    List<UUID> renew = new ArrayList<>();
    // replaced: the successor is READY, the predecessor steps down
    for (Live r : live) {
      Live successor = r.successorId() == null ? null : byId.get(r.successorId());
      if (successor != null && successor.state() == ReplicaState.READY) {
        drain.add(r.id());
      } else if (r.outdated() && r.state() != ReplicaState.READY && successor == null) {
        drain.add(r.id()); // not serving yet: nothing to bridge, it is simply started anew
      }
    }
    List<Live> counted =
        live.stream()
            .filter(r -> !drain.contains(r.id()))
            .filter(r -> r.successorId() == null || !byId.containsKey(r.successorId()))
            .toList();
    for (Live r : counted) {
      boolean walltimeEnding =
          r.walltimeEnd() != null && !now.isBefore(r.walltimeEnd().minus(renewalLead));
      if (mayStart
          && r.state() == ReplicaState.READY
          && (walltimeEnding || r.outdated())
          && counted.size() <= desired) {
        renew.add(r.id());
      }
    }
    int surplus = counted.size() - desired;
    if (surplus > 0) {
      counted.stream()
          .sorted(
              Comparator.comparingInt((Live r) -> drainOrder(r.state()))
                  .thenComparing(Live::submittedAt, Comparator.reverseOrder()))
          .limit(surplus)
          .forEach(r -> drain.add(r.id()));
    }
    int submit = mayStart ? Math.max(0, desired - counted.size()) : 0;
    return new Actions(submit, renew, drain);
  }

  private static int drainOrder(ReplicaState state) {
    return switch (state) {
      case PENDING -> 0;
      case STARTING -> 1;
      default -> 2;
    };
  }

  /**
   * How long before its walltime ends a replica gets its successor: lead, at most half the limit.
   */
  public static Duration renewalLead(Duration configured, int timeLimitMinutes) {
    Duration half = Duration.ofMinutes(timeLimitMinutes).dividedBy(2);
    return configured.compareTo(half) > 0 ? half : configured;
  }
}
