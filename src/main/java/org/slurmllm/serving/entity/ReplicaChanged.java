package org.slurmllm.serving.entity;

import java.util.UUID;

/** A replica's state changed; fired after the change commits (console, history, routing). */
public record ReplicaChanged(
    UUID replicaId, String model, ReplicaState from, ReplicaState to, String reason) {}
