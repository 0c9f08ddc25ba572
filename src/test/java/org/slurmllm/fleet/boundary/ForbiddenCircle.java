package org.slurmllm.fleet.boundary;

import org.slurmllm.access.boundary.Caller;

/** Breaks a rule on purpose (ArchitectureTest): fleet using access, which uses fleet. */
public class ForbiddenCircle {
  Caller caller;
}
