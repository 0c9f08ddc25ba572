package org.slurmllm.routing.entity;

import java.util.UUID;

/**
 * A READY replica as routing sees it: where to send requests and how many it may take at once. A
 * plain value: it knows nothing of how it was discovered.
 */
public record Endpoint(UUID replicaId, String model, String address, int concurrencyLimit) {}
