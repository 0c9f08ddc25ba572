package org.slurmllm.routing.control.admission;

import java.time.Duration;
import org.slurmllm.routing.entity.ReportedLoad;

/**
 * How busy a replica is, for the choice of replica. This gateway knows its own requests exactly and
 * at once; the replica's {@code /metrics} know everyone's (other gateways, batch work) but a moment
 * late. The estimate is the larger of the two while the report is fresh, and the gateway's own
 * count once it is stale or absent (a server without metrics, like llama.cpp's without {@code
 * --metrics}, is routed on the gateway's count alone). A pure function.
 */
public final class LoadEstimate {

  /** A report older than this is ignored. */
  public static final Duration FRESH = Duration.ofSeconds(5);

  private LoadEstimate() {}

  public static int of(int ownInFlight, ReportedLoad reported, long nowNanos) {
    if (reported == null || nowNanos - reported.atNanos() > FRESH.toNanos()) {
      return ownInFlight;
    }
    return Math.max(ownInFlight, reported.total());
  }
}
