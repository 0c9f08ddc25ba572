package org.slurmllm.cluster.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The token goes in plain HTTP only to this machine, or on a network the site says is its own. */
class SlurmRestUrlTest {

  static Optional<String> refusal(String url, boolean trusted) {
    return SlurmRestUrl.refusal(URI.create(url), trusted);
  }

  @Test
  void tlsAnywhereAndPlainHttpToThisMachine() {
    for (String url :
        new String[] {
          "https://slurm.example.org:6820",
          "https://10.1.2.3",
          "http://127.0.0.1:6820",
          "http://127.0.1.1:6820",
          "http://localhost:6820",
          "http://LOCALHOST:6820/",
          "http://[::1]:6820"
        }) {
      assertEquals(Optional.empty(), refusal(url, false), url);
    }
  }

  @Test
  void plainHttpToAnotherMachineIsRefusedUnlessTheNetworkIsTrusted() {
    for (String url :
        new String[] {
          "http://slurm.example.org:6820",
          "http://10.1.2.3:6820",
          "http://127.0.0.1.example.org:6820",
          "http://localhost.example.org:6820",
          "http://[::2]:6820"
        }) {
      String why = refusal(url, false).orElseThrow(() -> new AssertionError(url));
      assertTrue(why.contains("plain HTTP to another machine"), why);
      assertTrue(why.contains("SLURMLLM_SLURMRESTD_TRUSTED_NETWORK=true"), why);
      assertEquals(Optional.empty(), refusal(url, true), url);
    }
  }

  @Test
  void neitherHttpNorHttpsIsRefusedTrustedOrNot() {
    assertTrue(refusal("ftp://127.0.0.1/x", true).isPresent());
    assertTrue(refusal("unix:///run/slurmrestd.socket", true).isPresent());
  }
}
