package org.slurmllm.access.entity;

import java.util.Locale;

/**
 * What a tenant allows the service to keep of its prompts and completions in the usage ledger:
 * {@code none} (the default: tokens and timings only), {@code metadata} (also their sizes in
 * characters), {@code full} (also the text).
 */
public enum ContentPolicy {
  NONE,
  METADATA,
  FULL;

  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static ContentPolicy of(String value) {
    for (ContentPolicy p : values()) {
      if (p.value().equals(value)) {
        return p;
      }
    }
    return null;
  }
}
