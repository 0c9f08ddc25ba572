package org.slurmllm.bulk.control;

import org.slurmllm.access.control.KeyDirectory;

/** Breaks a rule on purpose (ArchitectureTest): a feature using another's control. */
public class ForbiddenReach {
  KeyDirectory keys;
}
