package org.slurmllm.access.entity;

import java.util.Locale;

/**
 * OpenAI's {@code service_tier}: which queue a request waits in when a model's replicas are full.
 * {@code priority} goes before {@code default}, which goes before {@code flex}; a {@code flex}
 * request that has waited its bound competes with {@code default} ones. {@code auto} in a request
 * means the key's default tier.
 */
public enum ServiceTier {
  PRIORITY,
  DEFAULT,
  FLEX;

  /** Lower goes first. */
  public int rank() {
    return ordinal();
  }

  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The tier named, or null when the name is none of them ({@code auto} is not a tier). */
  public static ServiceTier of(String value) {
    for (ServiceTier t : values()) {
      if (t.value().equals(value)) {
        return t;
      }
    }
    return null;
  }

  /** The tier asked for, held to the highest the key may use (OpenAI serves it at that tier). */
  public ServiceTier atMost(ServiceTier highest) {
    return rank() < highest.rank() ? highest : this;
  }
}
