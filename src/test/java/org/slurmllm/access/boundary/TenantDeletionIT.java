package org.slurmllm.access.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.time.Duration;
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
import org.slurmllm.testing.Eventually;
import org.slurmllm.testing.Models;
import org.slurmllm.testing.RemoveNewModels;

/**
 * Deleting a tenant: refused while a key of it is not revoked or a model is limited to it; once
 * nothing needs it, gone from the tenants while its history keeps naming it.
 */
@ExtendWith({ArquillianExtension.class, RemoveNewModels.class})
class TenantDeletionIT {

  @Deployment(testable = false)
  static WebArchive app() {
    return Deployments.application();
  }

  final Api admin = Api.ofTestServer();
  final Access access = new Access(admin);

  @Test
  void refusedWhileKeysAreNotRevokedNamingHowMany() {
    String tenant = access.tenant("del-keys");
    Key first = access.key(tenant, "user");
    Key second = access.key(tenant, "auditor");

    Reply refused = admin.delete("/api/tenants/" + tenant);
    assertEquals(409, refused.status(), refused::toString);
    assertEquals("tenant_in_use", refused.error().getString("code"));
    assertTrue(
        refused.error().getString("message").contains("2 keys not revoked"), refused::toString);

    admin.delete("/api/keys/" + first.id());
    Reply still = admin.delete("/api/tenants/" + tenant);
    assertEquals(409, still.status(), still::toString);
    assertTrue(still.error().getString("message").contains("1 key not revoked"), still::toString);
    assertEquals(200, admin.get("/api/tenants/" + tenant).status(), "nothing changed");
    assertEquals(200, access.as(second).get("/v1/models").status(), "its keys still work");
  }

  @Test
  void refusedWhileAModelIsLimitedToIt() {
    String tenant = access.tenant("del-model");
    String model = Models.uniqueName("limited");
    Reply created =
        admin.post(
            "/api/models",
            """
            {"name":"%s","engine":"sim","tenants":["%s"]}"""
                .formatted(model, tenant));
    assertEquals(201, created.status(), created::toString);

    Reply refused = admin.delete("/api/tenants/" + tenant);
    assertEquals(409, refused.status(), refused::toString);
    assertTrue(refused.error().getString("message").contains("model " + model), refused::toString);

    Reply open =
        admin.send(
            "PATCH", "/api/models/" + model, "application/merge-patch+json", "{\"tenants\":null}");
    assertEquals(200, open.status(), open::toString);
    assertEquals(204, admin.delete("/api/tenants/" + tenant).status());
  }

  @Test
  void deletedOnceNothingNeedsItWhileItsHistoryKeepsItsName() {
    String tenant = access.tenant("del-ok");
    Key key = access.key(tenant, "user");
    String model = Models.serving(admin, "del-ok", "instant", 8);
    Reply chat =
        access
            .as(key)
            .post(
                "/v1/chat/completions",
                """
                {"model":"%s","messages":[{"role":"user","content":"hi"}],"max_tokens":4}"""
                    .formatted(model));
    assertEquals(200, chat.status(), chat::toString);
    Eventually.await(
        "the request's usage record",
        Duration.ofSeconds(20),
        () -> admin.get("/api/usage?tenant=" + tenant).json(),
        u -> u.getJsonArray("data").size() == 1);
    assertEquals(200, admin.delete("/api/keys/" + key.id()).status());

    Reply deleted = admin.delete("/api/tenants/" + tenant);
    assertEquals(204, deleted.status(), deleted::toString);

    // gone from the tenants: not listed, not found, not deleted twice, not patched
    assertEquals(404, admin.get("/api/tenants/" + tenant).status());
    assertFalse(admin.get("/api/tenants").body().contains("\"" + tenant + "\""));
    assertEquals(404, admin.delete("/api/tenants/" + tenant).status());
    assertEquals(
        404,
        admin
            .send(
                "PATCH",
                "/api/tenants/" + tenant,
                "application/json",
                "{\"contentPolicy\":\"full\"}")
            .status());
    // nothing new may name it, and its name is never given to another tenant
    Reply newKey =
        admin.post(
            "/api/keys", "{\"name\":\"late\",\"role\":\"user\",\"tenant\":\"" + tenant + "\"}");
    assertEquals(400, newKey.status(), newKey::toString);
    assertEquals("tenant", newKey.error().getString("param"));
    Reply limited =
        admin.post(
            "/api/models",
            """
            {"name":"%s","engine":"sim","tenants":["%s"]}"""
                .formatted(Models.uniqueName("late"), tenant));
    assertEquals(400, limited.status(), limited::toString);
    assertEquals("tenants[0]", limited.error().getString("param"));
    Reply again = admin.post("/api/tenants", "{\"name\":\"" + tenant + "\"}");
    assertEquals(409, again.status(), again::toString);
    assertTrue(again.error().getString("message").contains("was deleted"), again::toString);

    // its history keeps its name: usage, the revoked key, the audit log
    JsonObject usage = admin.get("/api/usage?tenant=" + tenant).json();
    List<JsonObject> records = usage.getJsonArray("data").getValuesAs(JsonObject.class);
    assertEquals(1, records.size(), usage::toString);
    assertEquals(tenant, records.get(0).getString("tenant"));
    assertEquals(tenant, admin.get("/api/keys/" + key.id()).json().getString("tenant"));
    List<JsonObject> audit =
        admin
            .get("/api/audit?targetType=tenant&targetId=" + tenant)
            .json()
            .getJsonArray("data")
            .getValuesAs(JsonObject.class);
    assertEquals(
        List.of("tenant.delete", "tenant.create"),
        audit.stream().map(e -> e.getString("action")).toList());
    assertEquals(tenant, audit.get(0).getJsonObject("before").getString("name"));
    assertTrue(audit.get(0).isNull("after"));
  }
}
