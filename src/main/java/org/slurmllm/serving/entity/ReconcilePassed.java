package org.slurmllm.serving.entity;

/**
 * The reconcile loop finished a pass on this gateway (led it or not): a moment for in-memory views
 * of the replicas, such as routing's, to catch up with the database.
 */
public record ReconcilePassed() {}
