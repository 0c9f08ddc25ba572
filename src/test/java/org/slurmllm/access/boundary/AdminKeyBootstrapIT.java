package org.slurmllm.access.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slurmllm.testing.Api;
import org.slurmllm.testing.Deployments;
import org.slurmllm.testing.Eventually;
import org.slurmllm.testing.ServerProcess;

/**
 * SLURMLLM_ADMIN_KEY is the way in: a server started with another value makes that the admin key
 * and revokes the one before; started with the first value again, it takes it back (a key an admin
 * revoked would stay revoked). Servers share the database, as gateways do.
 */
@ExtendWith(ArquillianExtension.class)
class AdminKeyBootstrapIT {

  @Deployment(testable = false)
  static WebArchive app() {
    return Deployments.application();
  }

  static final String OTHER = "sk-test-other-admin-0123456789abcdef01234";

  @Test
  void aNewValueReplacesTheKeyAndTheOldValueComesBack() {
    try {
      try (ServerProcess server =
          new ServerProcess("bootstrap-server", 300)
              .withEnvironment("SLURMLLM_ADMIN_KEY", OTHER)
              .start()) {
        Api api = server.api();
        assertEquals(200, api.withKey(OTHER).get("/api/keys").status());
        assertEquals(401, api.get("/api/keys").status(), "the previous value is revoked");
        assertEquals(
            401, api.withKey("sk-short-key-123").get("/api/keys").status(), "and only that");
      }
    } finally {
      // the suite's own key back: a server started with it reinstates it
      try (ServerProcess server = new ServerProcess("bootstrap-server", 300).start()) {
        Api api = server.api();
        assertEquals(200, api.get("/api/keys").status(), "reinstated");
        assertEquals(401, api.withKey(OTHER).get("/api/keys").status(), "the other one revoked");
        String audit = api.get("/api/audit?action=key.reinstate").body();
        assertEquals(true, audit.contains("key.reinstate"), audit);
      }
    }
    // the suite's server reloads its keys every few seconds
    Eventually.await(
        "the test server takes the key back",
        Duration.ofSeconds(15),
        () -> Api.ofTestServer().get("/api/keys").status(),
        s -> s == 200);
  }
}
