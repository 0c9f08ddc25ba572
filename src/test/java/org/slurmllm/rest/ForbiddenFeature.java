package org.slurmllm.rest;

import org.slurmllm.access.boundary.Caller;

/** Breaks a rule on purpose (ArchitectureTest): infrastructure using a feature. */
public class ForbiddenFeature {
  Caller caller;
}
