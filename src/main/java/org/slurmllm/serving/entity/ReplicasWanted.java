package org.slurmllm.serving.entity;

/** A request arrived for a model that has no READY replica: the reconciler should look now. */
public record ReplicasWanted(String model) {}
