package org.slurmllm.routing.control.upstream;

import org.slurmllm.routing.control.relay.Relay;

/** Breaks a rule on purpose (ArchitectureTest): the connections to replicas using the relay. */
public class ForbiddenUpstreamUse {
  Relay relay;
}
