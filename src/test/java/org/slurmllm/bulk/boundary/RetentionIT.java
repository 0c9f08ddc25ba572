package org.slurmllm.bulk.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slurmllm.testing.Access;
import org.slurmllm.testing.Api;
import org.slurmllm.testing.Api.Reply;
import org.slurmllm.testing.Deployments;
import org.slurmllm.testing.Eventually;
import org.slurmllm.testing.Models;
import org.slurmllm.testing.RemoveNewModels;
import org.slurmllm.testing.TestDatabase;

/**
 * Files expire (OpenAI's {@code expires_after}, else the retention setting) and leave the disk at
 * the next sweep (every 2 s on the test server); a tenant's storage quota refuses what would exceed
 * it and no other tenant feels it.
 */
@ExtendWith({ArquillianExtension.class, RemoveNewModels.class})
class RetentionIT {

  static final Path SHARED_FILES =
      Path.of(System.getProperty("it.shared.dir", "target/shared"), "files");

  @Deployment(testable = false)
  static WebArchive app() {
    return Deployments.application();
  }

  final Api api = Api.ofTestServer();
  final Access access = new Access(api);

  /** An upload with extra form fields (name, value, ...) before the file. */
  static Reply upload(Api as, byte[] content, String... fields) {
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < fields.length; i += 2) {
      body.append("--b\r\nContent-Disposition: form-data; name=\"")
          .append(fields[i])
          .append("\"\r\n\r\n")
          .append(fields[i + 1])
          .append("\r\n");
    }
    body.append(
            "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f.jsonl\"\r\n\r\n")
        .append(new String(content, java.nio.charset.StandardCharsets.ISO_8859_1))
        .append("\r\n--b--\r\n");
    return as.send("POST", "/v1/files", "multipart/form-data; boundary=b", body.toString());
  }

  static byte[] bytes(int n) {
    byte[] b = new byte[n];
    java.util.Arrays.fill(b, (byte) 'x');
    return b;
  }

  @Test
  void expiresAfterIsHonouredAndAnExpiredFileAnswers404AndLeavesTheDisk() throws Exception {
    Reply hour =
        upload(
            api,
            bytes(10),
            "purpose",
            "batch",
            "expires_after[anchor]",
            "created_at",
            "expires_after[seconds]",
            "3600");
    assertEquals(200, hour.status(), hour::toString);
    JsonObject file = hour.json();
    long created = file.getJsonNumber("created_at").longValue();
    assertEquals(created + 3600, file.getJsonNumber("expires_at").longValue());

    Reply plain = upload(api, bytes(10), "purpose", "batch");
    assertEquals(
        plain.json().getJsonNumber("created_at").longValue() + 30L * 24 * 3600,
        plain.json().getJsonNumber("expires_at").longValue(),
        "the default retention, 30 days");

    String id = file.getString("id");
    Path onDisk = SHARED_FILES.resolve(id + ".jsonl");
    assertTrue(Files.exists(onDisk), onDisk.toString());
    expireNow(id);
    assertEquals(404, api.get("/v1/files/" + id).status(), "expired: gone at once");
    assertEquals(404, api.get("/v1/files/" + id + "/content").status());
    assertFalse(api.get("/v1/files?limit=10000").body().contains(id), "left out of the list");
    Eventually.await(
        "the sweep removes " + onDisk, Duration.ofSeconds(30), () -> Files.exists(onDisk), e -> !e);
    assertEquals(200, api.get("/v1/files/" + plain.json().getString("id")).status());
    api.delete("/v1/files/" + plain.json().getString("id"));
  }

  static void expireNow(String fileId) throws Exception {
    try (Connection db = TestDatabase.connect();
        PreparedStatement past =
            db.prepareStatement(
                "update app.files set expires_at = now() - interval '1 minute' where id = ?")) {
      past.setString(1, fileId);
      assertEquals(1, past.executeUpdate());
    }
  }

  @Test
  void anInputFileThatABatchInProgressReadsIsKeptUntilTheBatchEnds() throws Exception {
    String model = Models.uniqueName("keep");
    assertEquals(
        201,
        api.post(
                "/api/models",
                """
                {"name":"%s","engine":"sim","engineArgs":["--profile","llama-3.1-70b"],
                 "resources":{"gpus":0,"cpus":1,"memoryGb":1,"timeLimitMinutes":30},
                 "scaling":{"minReplicas":0,"maxReplicas":1}}"""
                    .formatted(model))
            .status());
    // 200 tokens a line on the 70B profile: about 9 s each, so the batch runs for a while
    String line =
        "{\"custom_id\":\"%s\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{\"model\":\"%s\",\"messages\":[{\"role\":\"user\",\"content\":\"tell a long story\"}],\"max_tokens\":200}}\n";
    String input = line.formatted("k-1", model) + line.formatted("k-2", model);
    Reply file =
        upload(api, input.getBytes(java.nio.charset.StandardCharsets.UTF_8), "purpose", "batch");
    String fileId = file.json().getString("id");
    String batchId =
        api.post(
                "/v1/batches",
                "{\"input_file_id\":\"%s\",\"endpoint\":\"/v1/chat/completions\",\"completion_window\":\"24h\"}"
                    .formatted(fileId))
            .json()
            .getString("id");
    expireNow(fileId);
    Thread.sleep(5000); // two sweeps
    String status = api.get("/v1/batches/" + batchId).json().getString("status");
    assertTrue(
        java.util.Set.of("validating", "in_progress").contains(status),
        "the batch is still running: " + status);
    Path onDisk = SHARED_FILES.resolve(fileId + ".jsonl");
    assertTrue(Files.exists(onDisk), "kept while the batch reads it");
    assertEquals(404, api.get("/v1/files/" + fileId).status(), "yet expired for its tenant");

    api.post("/v1/batches/" + batchId + "/cancel", "");
    Eventually.await(
        "the batch ends",
        Duration.ofSeconds(120),
        () -> api.get("/v1/batches/" + batchId).json().getString("status"),
        s -> java.util.Set.of("cancelled", "completed", "failed", "expired").contains(s));
    Eventually.await(
        "the sweep removes " + onDisk, Duration.ofSeconds(30), () -> Files.exists(onDisk), e -> !e);
  }

  @Test
  void badExpiresAfterValuesAre400NamingTheField() {
    String[][] bad = {
      {"expires_after[anchor]", "created_at", "expires_after[seconds]", "10"},
      {"expires_after[anchor]", "created_at", "expires_after[seconds]", "2592001"},
      {"expires_after[anchor]", "now", "expires_after[seconds]", "3600"},
      {"expires_after[anchor]", "created_at", "expires_after[seconds]", "soon"},
      {"expires_after[seconds]", "3600", "purpose", "batch"},
    };
    for (String[] fields : bad) {
      String[] all = new String[fields.length + 2];
      System.arraycopy(fields, 0, all, 0, fields.length);
      all[fields.length] = "purpose";
      all[fields.length + 1] = "batch";
      Reply r = upload(api, bytes(5), all);
      assertEquals(400, r.status(), () -> String.join(",", fields) + ": " + r);
      assertEquals("expires_after", r.error().getString("param"), r::toString);
    }
    Reply file = upload(api, bytes(5), "purpose", "batch");
    String id = file.json().getString("id");
    for (String value : new String[] {"{\"anchor\":\"created_at\",\"seconds\":5}", "\"1h\""}) {
      Reply r =
          api.post(
              "/v1/batches",
              "{\"input_file_id\":\"%s\",\"endpoint\":\"/v1/chat/completions\",\"completion_window\":\"24h\",\"output_expires_after\":%s}"
                  .formatted(id, value));
      assertEquals(400, r.status(), r::toString);
      assertEquals("output_expires_after", r.error().getString("param"), r::toString);
    }
    api.delete("/v1/files/" + id);
  }

  @Test
  void aTenantsQuotaRefusesWhatWouldExceedItAndOthersAreUnaffected() {
    String full = access.tenant("quota");
    Reply set =
        api.send(
            "PATCH", "/api/tenants/" + full, "application/json", "{\"storageQuotaBytes\":1000}");
    assertEquals(200, set.status(), set::toString);
    assertEquals(1000, set.json().getInt("storageQuotaBytes"));
    assertEquals("none", set.json().getString("contentPolicy"), "left as it was");
    Reply wrong =
        api.send("PATCH", "/api/tenants/" + full, "application/json", "{\"storageQuotaBytes\":-1}");
    assertEquals(400, wrong.status(), wrong::toString);
    assertEquals("storageQuotaBytes", wrong.error().getString("param"));

    Api a = access.as(access.key(full, "user"));
    assertEquals(200, upload(a, bytes(600), "purpose", "batch").status());
    Reply over = upload(a, bytes(600), "purpose", "batch");
    assertEquals(413, over.status(), over::toString);
    assertEquals("quota_exceeded", over.error().getString("code"), over::toString);
    assertEquals(200, upload(a, bytes(300), "purpose", "batch").status(), "under the quota");

    String other = access.tenant("noquota");
    Api b = access.as(access.key(other, "user"));
    for (int i = 0; i < 3; i++) {
      assertEquals(200, upload(b, bytes(600), "purpose", "batch").status(), "another tenant");
    }
    Reply lifted =
        api.send(
            "PATCH", "/api/tenants/" + full, "application/json", "{\"storageQuotaBytes\":null}");
    assertEquals(200, lifted.status(), lifted::toString);
    assertEquals(200, upload(a, bytes(600), "purpose", "batch").status(), "no quota any more");
  }
}
