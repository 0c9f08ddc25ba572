package org.slurmllm.routing.control.admission;

import org.slurmllm.access.entity.ServiceTier;

/**
 * The requests of one tenant waiting at one tier for a model, and the tenant's virtual counter: the
 * weighted tokens it was served (divided by its weight), which decides whose turn is next.
 */
public record QueueRow(
    String party, String tenant, ServiceTier tier, int waiting, double counter) {}
