package org.slurmllm.history.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slurmllm.testing.Access;
import org.slurmllm.testing.Access.Key;
import org.slurmllm.testing.Api;
import org.slurmllm.testing.Api.Reply;
import org.slurmllm.testing.Deployments;
import org.slurmllm.testing.Models;
import org.slurmllm.testing.RemoveNewModels;

/**
 * Admin actions land in the audit log with who, when, what, before and after; none can be undone.
 */
@ExtendWith({ArquillianExtension.class, RemoveNewModels.class})
class AuditIT {

  @Deployment(testable = false)
  static WebArchive app() {
    return Deployments.application();
  }

  final Api admin = Api.ofTestServer();

  final Access access = new Access(admin);

  List<JsonObject> entries(Api as, String query) {
    Reply r = as.get("/api/audit?" + query);
    assertEquals(200, r.status(), r::toString);
    return r.json().getJsonArray("data").getValuesAs(JsonObject.class);
  }

  @Test
  void keyAndTenantChangesAreAuditedWithWhoAndBeforeAfter() {
    String tenant = access.tenant("aud");
    Key key = access.key(tenant, "user", "\"requestsPerMinute\":10");
    admin.send("PATCH", "/api/keys/" + key.id(), "application/json", "{\"requestsPerMinute\":20}");
    admin.delete("/api/keys/" + key.id());
    admin.send(
        "PATCH", "/api/tenants/" + tenant, "application/json", "{\"contentPolicy\":\"metadata\"}");

    List<JsonObject> keyEntries = entries(admin, "targetType=key&targetId=" + key.id());
    assertEquals(
        List.of("key.revoke", "key.update", "key.create"),
        keyEntries.stream().map(e -> e.getString("action")).toList());
    String adminPrefix = Api.prefixOf(Api.adminKey());
    for (JsonObject e : keyEntries) {
      assertTrue(e.getString("actor").contains(adminPrefix), "who: " + e);
      assertFalse(e.toString().contains(key.secret()), "never the key: " + e);
      assertFalse(e.toString().contains(Api.adminKey()), "never the admin's key: " + e);
      assertFalse(e.getString("at").isEmpty());
    }
    JsonObject update = keyEntries.get(1);
    assertEquals(10, update.getJsonObject("before").getInt("requestsPerMinute"));
    assertEquals(20, update.getJsonObject("after").getInt("requestsPerMinute"));
    assertTrue(keyEntries.get(0).getJsonObject("before").isNull("revokedAt"));
    assertFalse(keyEntries.get(0).getJsonObject("after").isNull("revokedAt"));

    List<JsonObject> tenantEntries = entries(admin, "targetType=tenant&targetId=" + tenant);
    assertEquals(
        List.of("tenant.update", "tenant.create"),
        tenantEntries.stream().map(e -> e.getString("action")).toList());
    assertEquals(
        "metadata", tenantEntries.get(0).getJsonObject("after").getString("contentPolicy"));
  }

  @Test
  void cancelsAreAuditedAndATenantsAuditorSeesOnlyItsOwn() {
    String a = access.tenant("aud-a");
    String b = access.tenant("aud-b");
    Key userA = access.key(a, "user");
    Key userB = access.key(b, "user");
    String model = Models.uniqueName("aud");
    assertEquals(201, admin.post("/api/models", Models.sim(model)).status());
    String tribunal =
        access
            .as(userA)
            .post(
                "/api/tribunals",
                "{\"prompt\":\"x\",\"panel\":[\""
                    + model
                    + "\"],\"judges\":[\""
                    + model
                    + "\"],\"rounds\":1}")
            .json()
            .getString("id");
    assertEquals(200, access.as(userA).post("/api/tribunals/" + tribunal + "/cancel", "").status());

    List<JsonObject> cancel = entries(admin, "action=tribunal.cancel&targetId=" + tribunal);
    assertEquals(1, cancel.size());
    assertTrue(cancel.get(0).getString("actor").contains(Api.prefixOf(userA.secret())));

    Api auditorA = access.as(access.key(a, "auditor"));
    List<JsonObject> seen = entries(auditorA, "limit=1000");
    assertTrue(seen.stream().anyMatch(e -> e.getString("targetId").equals(tribunal)));
    assertTrue(
        seen.stream().anyMatch(e -> e.getString("targetId").equals(Long.toString(userA.id()))));
    assertTrue(
        seen.stream().noneMatch(e -> e.getString("targetId").equals(Long.toString(userB.id()))),
        "tenant B's key is not tenant A's business");
    assertTrue(
        seen.stream().noneMatch(e -> e.getString("targetType").equals("model")),
        "catalog entries are global");
  }

  @Test
  void theAuditLogCannotBeAlteredThroughTheApi() {
    String tenant = access.tenant("immutable");
    JsonObject entry = entries(admin, "targetType=tenant&targetId=" + tenant).get(0);
    long id = entry.getJsonNumber("id").longValue();
    for (String method : List.of("POST", "PUT", "PATCH", "DELETE")) {
      Reply r = admin.send(method, "/api/audit", "application/json", "{}");
      assertEquals(405, r.status(), method + " " + r);
      Reply one = admin.send(method, "/api/audit/" + id, "application/json", "{}");
      assertTrue(one.status() == 404 || one.status() == 405, method + " one entry: " + one);
    }
    assertEquals(List.of(entry), entries(admin, "targetType=tenant&targetId=" + tenant));
    assertEquals("limit", admin.get("/api/audit?limit=0").error().getString("param"));
  }
}
