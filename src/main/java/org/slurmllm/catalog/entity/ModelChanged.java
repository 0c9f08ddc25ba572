package org.slurmllm.catalog.entity;

/**
 * Fired after a catalog change commits; serving reconciles replicas on it, the console shows it.
 */
public record ModelChanged(String name, Kind kind) {

  public enum Kind {
    CREATED,
    UPDATED,
    DELETED
  }
}
