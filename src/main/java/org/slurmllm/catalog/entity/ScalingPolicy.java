package org.slurmllm.catalog.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/** How many replicas a model may have and when the autoscaler adds or removes one. */
@Embeddable
public class ScalingPolicy {

  @Column(name = "min_replicas", nullable = false)
  public int minReplicas;

  @Column(name = "max_replicas", nullable = false)
  public int maxReplicas;

  /** In-flight requests one replica should carry; the autoscaler divides load by it. */
  @Column(name = "target_concurrency", nullable = false)
  public int targetConcurrency;

  /** Minutes without requests before a model with minReplicas 0 scales to zero. */
  @Column(name = "idle_minutes", nullable = false)
  public int idleMinutes;
}
