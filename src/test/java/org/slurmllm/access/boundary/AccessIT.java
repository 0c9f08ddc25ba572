package org.slurmllm.access.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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

/** Keys: 401 without a usable one, 403 for a role that may not, over every documented endpoint. */
@ExtendWith(ArquillianExtension.class)
class AccessIT {

  @Deployment(testable = false)
  static WebArchive app() {
    return Deployments.application();
  }

  final Api admin = Api.ofTestServer();
  final Access access = new Access(admin);

  /**
   * Who besides admins may call each operation. Every operation of the OpenAPI document must be
   * here (and nothing else): a new endpoint without a line fails this test until its roles are
   * decided.
   */
  static final Map<String, Set<String>> ROLES =
      Map.ofEntries(
          Map.entry("GET /v1/models", Set.of("user", "auditor")),
          Map.entry("GET /v1/models/{model}", Set.of("user", "auditor")),
          Map.entry("POST /v1/chat/completions", Set.of("user")),
          Map.entry("POST /v1/completions", Set.of("user")),
          Map.entry("POST /v1/embeddings", Set.of("user")),
          Map.entry("POST /v1/responses", Set.of("user")),
          Map.entry("GET /v1/responses/{id}", Set.of("user", "auditor")),
          Map.entry("GET /v1/responses/{id}/input_items", Set.of("user", "auditor")),
          Map.entry("DELETE /v1/responses/{id}", Set.of("user")),
          Map.entry("POST /v1/files", Set.of("user")),
          Map.entry("GET /v1/files", Set.of("user", "auditor")),
          Map.entry("GET /v1/files/{id}", Set.of("user", "auditor")),
          Map.entry("GET /v1/files/{id}/content", Set.of("user", "auditor")),
          Map.entry("DELETE /v1/files/{id}", Set.of("user")),
          Map.entry("POST /v1/batches", Set.of("user")),
          Map.entry("GET /v1/batches", Set.of("user", "auditor")),
          Map.entry("GET /v1/batches/{id}", Set.of("user", "auditor")),
          Map.entry("POST /v1/batches/{id}/cancel", Set.of("user")),
          Map.entry("GET /api/batches/{id}/chunks", Set.of("user", "auditor")),
          Map.entry("POST /api/tribunals", Set.of("user")),
          Map.entry("GET /api/tribunals", Set.of("user", "auditor")),
          Map.entry("GET /api/tribunals/{id}", Set.of("user", "auditor")),
          Map.entry("GET /api/tribunals/{id}/events", Set.of("user", "auditor")),
          Map.entry("POST /api/tribunals/{id}/cancel", Set.of("user")),
          Map.entry("GET /api/models", Set.of("user", "auditor")),
          Map.entry("GET /api/models/{name}", Set.of("user", "auditor")),
          Map.entry("POST /api/models", Set.of()),
          Map.entry("PUT /api/models/{name}", Set.of()),
          Map.entry("PATCH /api/models/{name}", Set.of()),
          Map.entry("DELETE /api/models/{name}", Set.of()),
          Map.entry("GET /api/models/{name}/replicas", Set.of("auditor")),
          Map.entry("GET /api/models/{name}/queue", Set.of("auditor")),
          Map.entry("GET /api/models/{name}/replicas/{id}/log", Set.of("auditor")),
          Map.entry("PUT /api/models/{name}/replicas", Set.of()),
          Map.entry("GET /api/cluster", Set.of("auditor")),
          Map.entry("GET /api/tenants", Set.of("auditor")),
          Map.entry("GET /api/tenants/{name}", Set.of("auditor")),
          Map.entry("POST /api/tenants", Set.of()),
          Map.entry("PATCH /api/tenants/{name}", Set.of()),
          Map.entry("DELETE /api/tenants/{name}", Set.of()),
          Map.entry("GET /api/keys", Set.of()),
          Map.entry("GET /api/keys/{id}", Set.of()),
          Map.entry("POST /api/keys", Set.of()),
          Map.entry("PATCH /api/keys/{id}", Set.of()),
          Map.entry("DELETE /api/keys/{id}", Set.of()),
          Map.entry("GET /api/usage", Set.of("auditor")),
          Map.entry("GET /api/usage/series", Set.of("auditor")),
          Map.entry("GET /api/usage/export", Set.of("auditor")),
          Map.entry("GET /api/replicas/counts", Set.of("auditor")),
          Map.entry("GET /api/me", Set.of("user", "auditor")),
          Map.entry("GET /api/events", Set.of("user", "auditor")),
          Map.entry("GET /api/audit", Set.of("auditor")));

  /** Operations that answer a stream that stays open (the console's live changes). */
  static final Set<String> STREAMS = Set.of("GET /api/events");

  @Test
  void theRoleMatrixCoversEveryDocumentedOperation() {
    Reply doc = admin.withKey(null).send("GET", "/openapi?format=JSON", "application/json", "");
    assertEquals(200, doc.status(), "the API description needs no key");
    JsonObject paths = doc.json().getJsonObject("paths");
    Set<String> documented = new TreeSet<>();
    for (String path : paths.keySet()) {
      for (String method : paths.getJsonObject(path).keySet()) {
        if (Set.of("get", "post", "put", "patch", "delete").contains(method)) {
          documented.add(method.toUpperCase() + " " + path);
        }
      }
    }
    assertEquals(new TreeSet<>(ROLES.keySet()), documented);

    String tenant = access.tenant("matrix");
    Map<String, Api> callers =
        Map.of(
            "user", access.as(access.key(tenant, "user")),
            "auditor", access.as(access.key(tenant, "auditor")),
            "admin", admin);
    List<String> wrong = new ArrayList<>();
    for (String operation : documented) {
      String method = operation.substring(0, operation.indexOf(' '));
      // ids nobody has: an allowed caller gets past the role check to a 404 or 400
      String path = operation.substring(method.length() + 1).replaceAll("\\{[^}]+}", "0");
      String body = method.equals("GET") || method.equals("DELETE") ? "" : "{}";
      int anonymous = admin.withKey(null).send(method, path, "application/json", body).status();
      if (anonymous != 401) {
        wrong.add(operation + " without a key: " + anonymous);
      }
      for (var caller : callers.entrySet()) {
        boolean allowed =
            caller.getKey().equals("admin") || ROLES.get(operation).contains(caller.getKey());
        if (STREAMS.contains(operation) && allowed) {
          // an allowed caller's stream never ends: its status is all there is to check
          int status = caller.getValue().statusOfStream(path);
          if (status != 200) {
            wrong.add(operation + " as " + caller.getKey() + ": " + status);
          }
          continue;
        }
        Reply r = caller.getValue().send(method, path, "application/json", body);
        if (allowed && (r.status() == 401 || r.status() == 403)) {
          wrong.add(operation + " as " + caller.getKey() + ": " + r);
        }
        if (!allowed
            && !(r.status() == 403
                && r.error().getString("type").equals("permission_error")
                && r.error().getString("message").contains(caller.getKey()))) {
          wrong.add(operation + " as " + caller.getKey() + " (must be 403): " + r);
        }
      }
    }
    assertTrue(wrong.isEmpty(), String.join("\n", wrong));
  }

  @Test
  void withoutAUsableKeyEverythingIs401InOpenAisFormat() {
    Api anonymous = admin.withKey(null);
    Reply none = anonymous.get("/v1/models");
    assertEquals(401, none.status());
    assertEquals("invalid_request_error", none.error().getString("type"));
    assertEquals("missing_api_key", none.error().getString("code"));
    assertEquals("Bearer", none.header("WWW-Authenticate"));

    Reply wrong = admin.withKey("sk-not-a-key-of-this-service-000000000").get("/v1/models");
    assertEquals(401, wrong.status());
    assertEquals("invalid_api_key", wrong.error().getString("code"));
    assertFalse(wrong.body().contains("sk-not"), "the key is not echoed: " + wrong);

    assertEquals(401, anonymous.get("/api/no-such-endpoint").status(), "unknown paths too");
    assertEquals(401, anonymous.post("/v1/chat/completions", "{}").status());
  }

  @Test
  void aRevokedKeyIs401AtOnce() {
    String tenant = access.tenant("revoke");
    Key key = access.key(tenant, "user");
    Api user = access.as(key);
    assertEquals(200, user.get("/v1/models").status());

    Reply revoked = admin.delete("/api/keys/" + key.id());
    assertEquals(200, revoked.status(), revoked::toString);
    assertNotEquals(null, revoked.json().getString("revokedAt"));
    Reply after = user.get("/v1/models");
    assertEquals(401, after.status());
    assertEquals("invalid_api_key", after.error().getString("code"));
    assertEquals(200, admin.get("/api/keys/" + key.id()).status(), "the record stays");
  }

  @Test
  void anExpiredKeyIs401() throws InterruptedException {
    String tenant = access.tenant("expire");
    Key key = access.key(tenant, "user", "\"expiresAt\":\"" + Instant.now().plusSeconds(2) + "\"");
    Api user = access.as(key);
    assertEquals(200, user.get("/v1/models").status());
    Thread.sleep(2500);
    Reply after = user.get("/v1/models");
    assertEquals(401, after.status());
    assertEquals("expired_api_key", after.error().getString("code"));
  }

  @Test
  void aKeyIsShownOnceAndStoredOnlyAsHashAndPrefix() {
    String tenant = access.tenant("once");
    Reply created =
        admin.post(
            "/api/keys",
            """
            {"name":"portal","role":"user","tenant":"%s"}"""
                .formatted(tenant));
    assertEquals(201, created.status(), created::toString);
    String key = created.json().getString("key");
    assertTrue(key.startsWith("sk-") && key.length() >= 3 + 22, "128 bits at least: " + key);
    String prefix = created.json().getString("prefix");
    assertTrue(key.startsWith(prefix) && prefix.length() < key.length() / 2);
    long id = created.json().getJsonNumber("id").longValue();

    JsonObject stored = admin.get("/api/keys/" + id).json();
    assertNull(stored.get("key"));
    assertNull(stored.get("hash"));
    assertFalse(admin.get("/api/keys").body().contains(key));
    assertEquals(tenant, stored.getString("tenant"));
    assertEquals("user", stored.getString("role"));
  }

  @Test
  void badKeyAndTenantRequestsAre400NamingTheField() {
    assertEquals(
        "tenant",
        admin.post("/api/keys", "{\"name\":\"x\",\"role\":\"user\"}").error().getString("param"));
    assertEquals(
        "role",
        admin.post("/api/keys", "{\"name\":\"x\",\"role\":\"god\"}").error().getString("param"));
    Reply unknownTenant =
        admin.post("/api/keys", "{\"name\":\"x\",\"role\":\"user\",\"tenant\":\"no-such-tenant\"}");
    assertEquals(400, unknownTenant.status(), unknownTenant::toString);
    assertEquals("tenant", unknownTenant.error().getString("param"));
    assertEquals(
        "name", admin.post("/api/tenants", "{\"name\":\"Bad Name\"}").error().getString("param"));
    assertEquals(
        "contentPolicy",
        admin
            .post("/api/tenants", "{\"name\":\"ok-name\",\"contentPolicy\":\"all\"}")
            .error()
            .getString("param"));
    String tenant = access.tenant("dup");
    assertEquals(409, admin.post("/api/tenants", "{\"name\":\"" + tenant + "\"}").status());
    assertEquals(400, admin.send("POST", "/api/keys", "application/json", "{not json").status());
  }
}
