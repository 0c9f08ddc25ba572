package org.slurmllm.catalog.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/** What one replica asks SLURM for; null strings mean "the cluster's default". */
@Embeddable
public class ResourceRequest {

  @Column(nullable = false)
  public int gpus;

  @Column(nullable = false)
  public int cpus;

  @Column(name = "memory_gb", nullable = false)
  public int memoryGb;

  @Column(name = "slurm_partition")
  public String partition;

  @Column(name = "slurm_account")
  public String account;

  @Column(name = "slurm_qos")
  public String qos;

  @Column(name = "slurm_constraint")
  public String constraint;

  @Column(name = "time_limit_minutes", nullable = false)
  public int timeLimitMinutes;

  /** Nodes one replica spans; the resources above are per node. */
  @Column(name = "nodes", nullable = false)
  public int nodes = 1;
}
