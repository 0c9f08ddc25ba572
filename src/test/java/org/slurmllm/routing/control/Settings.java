package org.slurmllm.routing.control;

/**
 * Routing settings with chosen bounds, for the tests of the sub-packages (the fields are
 * package's).
 */
public final class Settings {

  private Settings() {}

  public static RoutingSettings of(int queueSize, long queueSeconds, long coldSeconds) {
    RoutingSettings s = new RoutingSettings();
    s.queueSize = queueSize;
    s.queuePerTenant = queueSize;
    s.flexMaxWaitSeconds = 10;
    s.promptWeight = 1;
    s.completionWeight = 2;
    s.queueOrder = "fair";
    s.headroom = false;
    s.queueTimeoutSeconds = queueSeconds;
    s.coldStartTimeoutSeconds = coldSeconds;
    return s;
  }

  /** First come, first served, with the tenant bound the fair queue would have. */
  public static RoutingSettings fifo(int queueSize, int perTenant) {
    RoutingSettings s = of(queueSize, 60, 60);
    s.queueOrder = "fifo";
    s.queuePerTenant = perTenant;
    return s;
  }

  /** The fair queue with a slot beyond the limit for the request it would serve first. */
  public static RoutingSettings withHeadroom(int queueSize) {
    RoutingSettings s = of(queueSize, 60, 60);
    s.headroom = true;
    return s;
  }

  public static RoutingSettings fair(int queueSize, int perTenant) {
    RoutingSettings s = of(queueSize, 60, 60);
    s.queuePerTenant = perTenant;
    return s;
  }
}
