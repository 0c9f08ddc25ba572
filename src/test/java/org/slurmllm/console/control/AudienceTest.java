package org.slurmllm.console.control;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.slurmllm.access.entity.ContentPolicy;
import org.slurmllm.access.entity.Principal;
import org.slurmllm.access.entity.Role;
import org.slurmllm.console.entity.Change;

class AudienceTest {

  static Principal key(Role role, Long tenantId, String tenant) {
    return new Principal(1, "k", "sk-1", role, tenantId, tenant, ContentPolicy.NONE, null);
  }

  static final Principal ADMIN = key(Role.ADMIN, null, null);
  static final Principal AUDITOR = key(Role.AUDITOR, null, null);
  static final Principal AUDITOR_OF_A = key(Role.AUDITOR, 1L, "a");
  static final Principal USER_OF_A = key(Role.USER, 1L, "a");

  static final Change OPEN_MODEL = new Change("model", "m", null, null, "{}");
  static final Change MODEL_OF_B = new Change("model", "mb", null, List.of("b"), "{}");
  static final Change REPLICA_OF_A = new Change("replica", "r", null, List.of("a", "c"), "{}");
  static final Change BATCH_OF_A = new Change("batch", "ba", 1L, null, "{}");
  static final Change TRIBUNAL_OF_B = new Change("tribunal", "tb", 2L, null, "{}");
  static final Change BATCH_WITHOUT_TENANT = new Change("batch", "bn", null, null, "{}");

  @Test
  void adminsAndGlobalAuditorsSeeEverything() {
    for (Principal p : List.of(ADMIN, AUDITOR)) {
      for (Change c :
          List.of(
              OPEN_MODEL,
              MODEL_OF_B,
              REPLICA_OF_A,
              BATCH_OF_A,
              TRIBUNAL_OF_B,
              BATCH_WITHOUT_TENANT)) {
        assertTrue(Audience.sees(p, c), p.role() + " " + c);
      }
    }
  }

  @Test
  void aTenantsAuditorSeesItsTenantsWorkAndTheModelsItMayUse() {
    assertTrue(Audience.sees(AUDITOR_OF_A, OPEN_MODEL));
    assertTrue(Audience.sees(AUDITOR_OF_A, REPLICA_OF_A));
    assertTrue(Audience.sees(AUDITOR_OF_A, BATCH_OF_A));
    assertFalse(Audience.sees(AUDITOR_OF_A, MODEL_OF_B));
    assertFalse(Audience.sees(AUDITOR_OF_A, TRIBUNAL_OF_B));
    assertFalse(Audience.sees(AUDITOR_OF_A, BATCH_WITHOUT_TENANT));
  }

  @Test
  void aUserSeesItsTenantsBatchesAndTribunalsOnly() {
    assertTrue(Audience.sees(USER_OF_A, BATCH_OF_A));
    assertFalse(Audience.sees(USER_OF_A, TRIBUNAL_OF_B));
    assertFalse(Audience.sees(USER_OF_A, OPEN_MODEL));
    assertFalse(Audience.sees(USER_OF_A, REPLICA_OF_A));
  }
}
