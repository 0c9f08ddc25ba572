package org.slurmllm.cluster.entity;

/**
 * One thing a job asks that the cluster cannot give, said with what the cluster offers instead
 * (e.g. "no partition 'nope' (this cluster has gpu, cpu)").
 */
public record Misfit(Resource resource, String message) {

  /** The part of the job it concerns. */
  public enum Resource {
    PARTITION,
    GPUS,
    CPUS,
    MEMORY,
    TIME_LIMIT,
    /** Each resource fits on some node, but no node has them all at once. */
    NODE,
    /** Fewer nodes could hold the job than it spans. */
    NODES,
    /** The scheduler refuses the job as a whole (sbatch --test-only): an account, a QOS, ... */
    JOB
  }
}
