package org.slurmllm.access.entity;

import java.util.Locale;

/**
 * What a key may do. {@code user}: inference, and its tenant's files, batches and tribunals; {@code
 * auditor}: read usage, audit and histories (of its tenant, or all without one); {@code admin}:
 * everything.
 */
public enum Role {
  USER,
  AUDITOR,
  ADMIN;

  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The role of this name ("user", "auditor", "admin"), or null. */
  public static Role of(String value) {
    for (Role r : values()) {
      if (r.value().equals(value)) {
        return r;
      }
    }
    return null;
  }
}
