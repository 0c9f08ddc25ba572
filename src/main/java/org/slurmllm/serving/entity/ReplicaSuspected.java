package org.slurmllm.serving.entity;

import java.util.UUID;

/**
 * A request to a READY replica failed before its first byte (refused, reset, timed out): its node
 * may be gone. The reconciler probes it now rather than at its next probe, so a dead node's
 * replicas are replaced in seconds, before SLURM notices the node.
 */
public record ReplicaSuspected(UUID replicaId) {}
