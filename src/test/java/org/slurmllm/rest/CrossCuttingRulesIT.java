package org.slurmllm.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slurmllm.testing.Access;
import org.slurmllm.testing.Api;
import org.slurmllm.testing.Api.Reply;
import org.slurmllm.testing.Deployments;

/**
 * Each cross-cutting rule seen from both ways into the server: an inference path (served by an
 * Undertow handler on the I/O thread) and an admin path (servlets and JAX-RS) answer a refused
 * request with the same status, the same error body and the same headers.
 */
@ExtendWith(ArquillianExtension.class)
class CrossCuttingRulesIT {

  @Deployment(testable = false)
  static WebArchive app() {
    return Deployments.application();
  }

  static final String CHAT = "/v1/chat/completions";

  final Api admin = Api.ofTestServer();
  final Access access = new Access(admin);

  static void same(Reply inference, Reply other, int status, String... headers) {
    assertEquals(status, inference.status(), inference::toString);
    assertEquals(status, other.status(), other::toString);
    assertEquals(other.error(), inference.error(), "the same error body");
    assertEquals("application/json", inference.header("Content-Type"));
    assertEquals(other.header("Content-Type"), inference.header("Content-Type"));
    assertNotNull(inference.header("X-Request-Id"), "every answer has its id");
    assertNotNull(other.header("X-Request-Id"), "every answer has its id");
    for (String header : headers) {
      assertNotNull(inference.header(header), header + " on " + inference);
      assertEquals(other.header(header), inference.header(header), header);
    }
  }

  @Test
  void withoutAKeyBoth401WithTheBearerChallenge() {
    Api nobody = admin.withKey(null);
    same(nobody.post(CHAT, "{}"), nobody.post("/api/models", "{}"), 401, "WWW-Authenticate");
    Api wrong = admin.withKey("sk-not-a-key-0123456789abcdef0123456789");
    same(wrong.post(CHAT, "{}"), wrong.post("/api/models", "{}"), 401, "WWW-Authenticate");
  }

  @Test
  void aKeyPastItsRateBoth429WithRetryAfter() {
    String tenant = access.tenant("rules");
    Api user = access.as(access.key(tenant, "user", "\"requestsPerMinute\":1"));
    assertEquals(200, user.get("/v1/models").status());
    same(user.post(CHAT, "{}"), user.post("/api/tribunals", "{}"), 429, "Retry-After");
  }

  @Test
  void aRoleThatMayNotBoth403() {
    String tenant = access.tenant("rules");
    Api auditor = access.as(access.key(tenant, "auditor"));
    same(auditor.post(CHAT, "{}"), auditor.post("/api/tribunals", "{}"), 403);
  }

  @Test
  void aBodyPastTheBoundBoth413() {
    String large = "{\"x\":\"" + "a".repeat(8 * 1024 * 1024) + "\"}";
    same(admin.post(CHAT, large), admin.post("/api/models", large), 413);
  }
}
