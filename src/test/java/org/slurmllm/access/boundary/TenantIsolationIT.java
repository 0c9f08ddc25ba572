package org.slurmllm.access.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
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

/** A tenant never sees another's files, batches, tribunals, usage or restricted models. */
@ExtendWith({ArquillianExtension.class, RemoveNewModels.class})
class TenantIsolationIT {

  @Deployment(testable = false)
  static WebArchive app() {
    return Deployments.application();
  }

  final Api admin = Api.ofTestServer();

  final Access access = new Access(admin);

  /** Asserts a 404 that says no more than a missing id would. */
  static void hidden(Reply r, String what) {
    assertEquals(404, r.status(), what + ": " + r);
    assertEquals("invalid_request_error", r.error().getString("type"), what);
  }

  @Test
  void anotherTenantsObjectsAre404AndMissingFromLists() {
    String a = access.tenant("iso-a");
    String b = access.tenant("iso-b");
    Api userA = access.as(access.key(a, "user"));
    Key keyA = access.key(a, "user");
    Api userB = access.as(access.key(b, "user"));
    Api auditorA = access.as(access.key(a, "auditor"));
    Api auditorB = access.as(access.key(b, "auditor"));
    String model = Models.uniqueName("iso-m");
    assertEquals(201, admin.post("/api/models", Models.sim(model)).status());

    // a file of tenant A
    String line =
        "{\"custom_id\":\"1\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{\"model\":\""
            + model
            + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":4}}\n";
    Reply upload =
        userA.upload("/v1/files", "batch", "a.jsonl", line.getBytes(StandardCharsets.UTF_8));
    assertEquals(200, upload.status(), upload::toString);
    String file = upload.json().getString("id");
    hidden(userB.get("/v1/files/" + file), "file");
    hidden(userB.get("/v1/files/" + file + "/content"), "file content");
    hidden(userB.delete("/v1/files/" + file), "file delete");
    hidden(auditorB.get("/v1/files/" + file), "file, to the other tenant's auditor");
    assertFalse(userB.get("/v1/files").body().contains(file));
    Reply stolen =
        userB.post(
            "/v1/batches",
            "{\"input_file_id\":\""
                + file
                + "\",\"endpoint\":\"/v1/chat/completions\","
                + "\"completion_window\":\"24h\"}");
    assertEquals(400, stolen.status(), "another tenant's file cannot be batched: " + stolen);
    assertEquals("input_file_id", stolen.error().getString("param"));
    assertEquals(200, auditorA.get("/v1/files/" + file).status());
    assertTrue(userA.get("/v1/files").body().contains(file));

    // a batch of tenant A
    Reply batch =
        userA.post(
            "/v1/batches",
            "{\"input_file_id\":\""
                + file
                + "\",\"endpoint\":\"/v1/chat/completions\","
                + "\"completion_window\":\"24h\"}");
    assertEquals(200, batch.status(), batch::toString);
    String batchId = batch.json().getString("id");
    hidden(userB.get("/v1/batches/" + batchId), "batch");
    hidden(userB.post("/v1/batches/" + batchId + "/cancel", ""), "batch cancel");
    hidden(userB.get("/api/batches/" + batchId + "/chunks"), "batch chunks");
    hidden(auditorB.get("/v1/batches/" + batchId), "batch, to the other tenant's auditor");
    assertFalse(userB.get("/v1/batches").body().contains(batchId));
    // another tenant's id as a page cursor is as unknown as a missing one: the first page
    assertEquals(
        userB.get("/v1/batches").json().get("data"),
        userB.get("/v1/batches?after=" + batchId).json().get("data"));
    assertEquals(
        userB.get("/v1/files").json().get("data"),
        userB.get("/v1/files?after=" + file).json().get("data"));
    assertTrue(userA.get("/v1/batches").body().contains(batchId));
    assertEquals(200, auditorA.get("/api/batches/" + batchId + "/chunks").status());
    assertEquals(200, admin.get("/v1/batches/" + batchId).status(), "admins see every tenant's");

    // a tribunal of tenant A
    Reply tribunal =
        userA.post(
            "/api/tribunals",
            "{\"prompt\":\"Name a colour.\",\"panel\":[\""
                + model
                + "\"],\"judges\":[\""
                + model
                + "\"],\"rounds\":1,\"quorum\":1}");
    assertEquals(202, tribunal.status(), tribunal::toString);
    String tribunalId = tribunal.json().getString("id");
    hidden(userB.get("/api/tribunals/" + tribunalId), "tribunal");
    hidden(
        userB.send("GET", "/api/tribunals/" + tribunalId + "/events", "text/plain", ""),
        "tribunal events");
    hidden(userB.post("/api/tribunals/" + tribunalId + "/cancel", ""), "tribunal cancel");
    assertFalse(userB.get("/api/tribunals").body().contains(tribunalId));
    assertEquals(200, auditorA.get("/api/tribunals/" + tribunalId).status());

    // usage and tenants
    hidden(auditorB.get("/api/usage?tenant=" + a), "usage of another tenant");
    hidden(auditorB.get("/api/usage?key=" + keyA.id()), "usage of another tenant's key");
    assertEquals(200, auditorA.get("/api/usage?tenant=" + a).status());
    assertEquals(200, auditorA.get("/api/usage?key=" + keyA.id()).status());
    hidden(auditorB.get("/api/tenants/" + a), "another tenant");
    assertFalse(auditorB.get("/api/tenants").body().contains(a));
    assertTrue(admin.get("/api/tenants").body().contains(a));
  }

  @Test
  void aModelRestrictedToTenantsIsInvisibleToOthers() {
    String a = access.tenant("rm-a");
    String b = access.tenant("rm-b");
    Api userA = access.as(access.key(a, "user"));
    Api userB = access.as(access.key(b, "user"));
    String model = Models.uniqueName("rm");
    Reply created =
        admin.post(
            "/api/models",
            "{\"name\":\"" + model + "\",\"engine\":\"sim\",\"tenants\":[\"" + a + "\"]}");
    assertEquals(201, created.status(), created::toString);
    assertEquals(a, created.json().getJsonArray("tenants").getString(0));

    assertTrue(userA.get("/v1/models").body().contains(model));
    assertFalse(
        userA.get("/api/models/" + model).json().containsKey("tenants"),
        "which tenants may use a model names other tenants: for admins only");
    assertEquals(200, userA.get("/v1/models/" + model).status());
    assertFalse(userB.get("/v1/models").body().contains(model));
    hidden(userB.get("/v1/models/" + model), "restricted model");
    hidden(userB.get("/api/models/" + model), "restricted model in the catalog");
    Reply chat =
        userB.post(
            "/v1/chat/completions",
            "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    assertEquals(404, chat.status(), chat::toString);
    assertEquals("model_not_found", chat.error().getString("code"));
    Reply tribunal =
        userB.post(
            "/api/tribunals",
            "{\"prompt\":\"x\",\"panel\":[\"" + model + "\"],\"judges\":[\"" + model + "\"]}");
    assertEquals(400, tribunal.status(), tribunal::toString);

    Reply unknownTenant =
        admin.post(
            "/api/models",
            "{\"name\":\""
                + Models.uniqueName("rm")
                + "\",\"engine\":\"sim\",\"tenants\":[\"no-such-tenant\"]}");
    assertEquals(400, unknownTenant.status(), unknownTenant::toString);
    assertEquals("tenants[0]", unknownTenant.error().getString("param"));
  }
}
