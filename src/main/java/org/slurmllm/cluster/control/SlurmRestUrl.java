package org.slurmllm.cluster.control;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * Where the gateway may send its slurmrestd token: over TLS anywhere, in plain HTTP only to this
 * machine (or on a network the site declares its own). Every request carries the token that acts as
 * the service's user, so on a shared network a plain-HTTP URL hands it to anyone listening.
 */
final class SlurmRestUrl {

  static final String SETTING = "SLURMLLM_SLURMRESTD_URL";
  static final String TRUSTED_SETTING = "SLURMLLM_SLURMRESTD_TRUSTED_NETWORK";

  private SlurmRestUrl() {}

  /** Why the URL must not be used; empty when it may. */
  static Optional<String> refusal(URI url, boolean trustedNetwork) {
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (url.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
      return Optional.of(
          SETTING + " " + url + " is not an https:// (or, to this machine, http://) URL");
    }
    if (scheme.equals("https") || trustedNetwork || isLoopback(url.getHost())) {
      return Optional.empty();
    }
    return Optional.of(
        SETTING
            + " "
            + url
            + " is plain HTTP to another machine: the token that acts as the service's user would"
            + " cross the network readable. Put slurmrestd behind TLS and use https://, or set "
            + TRUSTED_SETTING
            + "=true if no one else can listen on that network");
  }

  /**
   * This machine by name or address: {@code localhost}, 127.0.0.0/8, ::1. Other names are not
   * looked up: what a name resolves to can change.
   */
  static boolean isLoopback(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    return h.equals("localhost")
        || h.equals("localhost.")
        || h.equals("::1")
        || h.equals("0:0:0:0:0:0:0:1")
        || h.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
  }
}
