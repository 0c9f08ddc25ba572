package org.slurmllm.catalog.entity;

import org.slurmllm.catalog.boundary.ModelCatalog;

/** Breaks a rule on purpose (ArchitectureTest): an entity using its feature's boundary. */
public class ForbiddenUpward {
  ModelCatalog catalog;
}
