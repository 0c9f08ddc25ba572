package org.slurmllm.access.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.slurmllm.access.entity.Role;

class AccessRulesTest {

  static class Unmarked {
    public void anything() {}
  }

  @Allowed(Role.AUDITOR)
  static class ForAuditors {
    public void read() {}

    @Allowed(Role.USER)
    public void write() {}
  }

  @Test
  void withoutAnAnnotationOnlyAdmins() throws Exception {
    assertEquals(
        EnumSet.of(Role.ADMIN),
        RoleCheck.allowed(Unmarked.class.getMethod("anything"), Unmarked.class));
  }

  @Test
  void theMethodsAnnotationWinsAndAdminsAlwaysMay() throws Exception {
    assertEquals(
        EnumSet.of(Role.ADMIN, Role.AUDITOR),
        RoleCheck.allowed(ForAuditors.class.getMethod("read"), ForAuditors.class));
    assertEquals(
        EnumSet.of(Role.ADMIN, Role.USER),
        RoleCheck.allowed(ForAuditors.class.getMethod("write"), ForAuditors.class));
  }

  @Test
  void onlyStaticPagesAndTheApiDescriptionAreOpen() {
    assertTrue(AuthenticationFilter.open("/openapi"));
    assertTrue(AuthenticationFilter.open("/openapi-ui/index.html"));
    assertTrue(AuthenticationFilter.open("/console/"));
    assertTrue(AuthenticationFilter.open("/webjars/x.js"));
    assertFalse(AuthenticationFilter.open("/v1/models"));
    assertFalse(AuthenticationFilter.open("/api/keys"));
    assertFalse(AuthenticationFilter.open("/v1/files"));
    assertFalse(AuthenticationFilter.open("/openai/v1/models".substring(7)));
  }
}
