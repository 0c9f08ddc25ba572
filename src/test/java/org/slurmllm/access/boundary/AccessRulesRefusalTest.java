package org.slurmllm.access.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.slurmllm.access.entity.Principal;
import org.slurmllm.access.entity.Role;
import org.slurmllm.rest.Refusal;

/** What the key and role rules answer, the same on the inference handler and on JAX-RS. */
class AccessRulesRefusalTest {

  static Principal of(Role role) {
    return new Principal(1L, "test", "sk-test", role, 2L, "team", null, null);
  }

  @Test
  void aKeyRefusedIs401WithTheBearerChallengeOr429WithRetryAfter() {
    assertEquals(
        Refusal.of(401, "no key", null, "missing_api_key").with("WWW-Authenticate", "Bearer"),
        KeyRule.refusal(new KeyCheck.Verdict(null, 401, "no key", "missing_api_key", 0)));
    assertEquals(
        Refusal.of(429, "3 requests per minute", null, "rate_limit_exceeded")
            .with("Retry-After", "20"),
        KeyRule.refusal(
            new KeyCheck.Verdict(null, 429, "3 requests per minute", "rate_limit_exceeded", 20)));
  }

  @Test
  void aRoleNotAllowedIs403WithTheMessageOfAccessDenied() {
    RoleRule inference = new RoleRule(EnumSet.of(Role.ADMIN, Role.USER));
    assertNull(inference.check(of(Role.USER)));
    assertNull(inference.check(of(Role.ADMIN)));
    Refusal refused = inference.check(of(Role.AUDITOR));
    assertEquals(403, refused.status());
    assertEquals("forbidden", refused.code());
    assertEquals(new AccessDenied("auditor").getMessage(), refused.message());
    assertEquals(
        new AccessDenied("auditor").body(), refused.asException().body(), "JAX-RS's body too");
  }

  @Test
  void anUnmarkedHandlerIsForAdminsOnly() {
    assertEquals(EnumSet.of(Role.ADMIN), RoleRule.of(null, Object.class).allowed());
  }
}
