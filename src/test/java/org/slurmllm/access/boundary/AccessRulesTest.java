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
        RoleRule.of(Unmarked.class.getMethod("anything"), Unmarked.class).allowed());
  }

  @Test
  void theMethodsAnnotationWinsAndAdminsAlwaysMay() throws Exception {
    assertEquals(
        EnumSet.of(Role.ADMIN, Role.AUDITOR),
        RoleRule.of(ForAuditors.class.getMethod("read"), ForAuditors.class).allowed());
    assertEquals(
        EnumSet.of(Role.ADMIN, Role.USER),
        RoleRule.of(ForAuditors.class.getMethod("write"), ForAuditors.class).allowed());
  }

  @Test
  void onlyStaticPagesAndTheApiDescriptionAreOpen() {
    assertTrue(KeyRule.open("/openapi"));
    assertTrue(KeyRule.open("/openapi-ui/index.html"));
    assertTrue(KeyRule.open("/console/"));
    assertTrue(KeyRule.open("/webjars/x.js"));
    assertFalse(KeyRule.open("/v1/models"));
    assertFalse(KeyRule.open("/api/keys"));
    assertFalse(KeyRule.open("/v1/files"));
    assertFalse(KeyRule.open("/openai/v1/models".substring(7)));
  }
}
