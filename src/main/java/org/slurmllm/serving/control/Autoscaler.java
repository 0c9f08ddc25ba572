package org.slurmllm.serving.control;

import java.time.Duration;

/**
 * How many replicas a model should have. A pure function of the model's policy and its load:
 *
 * <pre>desired = clamp(ceil(average in-flight requests / targetConcurrency), min, max)</pre>
 *
 * with one exception at the bottom: a model that had a request within its idle time keeps at least
 * one replica (a request for a model with none is what starts one), and only a model idle for
 * {@code idleMinutes} with {@code minReplicas} 0 scales to zero.
 */
public final class Autoscaler {

  private Autoscaler() {}

  /** The scaling policy as the autoscaler sees it. */
  public record Policy(int minReplicas, int maxReplicas, int targetConcurrency, int idleMinutes) {}

  /**
   * @param averageInFlight moving average of in-flight requests over all replicas
   * @param sinceLastRequest time since the model's last request; null if it never had one
   */
  public static int desired(Policy p, double averageInFlight, Duration sinceLastRequest) {
    int byLoad = (int) Math.ceil(Math.max(0, averageInFlight) / p.targetConcurrency());
    boolean recentlyUsed =
        sinceLastRequest != null
            && sinceLastRequest.compareTo(Duration.ofMinutes(p.idleMinutes())) < 0;
    int floor = Math.max(p.minReplicas(), recentlyUsed ? 1 : 0);
    return clamp(Math.max(byLoad, floor), p.minReplicas(), p.maxReplicas());
  }

  /** An admin's override wins over the autoscaler, within [0, max]. */
  public static int withOverride(Policy p, Integer override, int autoscaled) {
    return override == null ? autoscaled : clamp(override, 0, p.maxReplicas());
  }

  private static int clamp(int value, int min, int max) {
    return Math.max(min, Math.min(max, value));
  }

  /**
   * Exponential moving average with a time constant: old samples fade with {@code exp(-dt/tau)}, so
   * the average does not depend on how often the reconciler happens to sample.
   */
  public static double movingAverage(double previous, double sample, Duration dt, Duration tau) {
    double alpha = 1 - Math.exp(-(double) dt.toMillis() / Math.max(1, tau.toMillis()));
    return previous + alpha * (sample - previous);
  }
}
