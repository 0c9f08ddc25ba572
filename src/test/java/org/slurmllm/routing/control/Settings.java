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
    s.queueTimeoutSeconds = queueSeconds;
    s.coldStartTimeoutSeconds = coldSeconds;
    return s;
  }
}
