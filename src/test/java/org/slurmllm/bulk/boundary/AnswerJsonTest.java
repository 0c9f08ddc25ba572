package org.slurmllm.bulk.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slurmllm.access.boundary.KeyList;
import org.slurmllm.access.entity.KeyView;
import org.slurmllm.bulk.entity.Batch;
import org.slurmllm.bulk.entity.BatchStatus;
import org.slurmllm.bulk.entity.StoredFile;
import org.slurmllm.history.boundary.UsagePage;
import org.slurmllm.history.entity.UsageRecordView;
import org.slurmllm.history.entity.UsageTotals;

/**
 * The answer records read as the maps and JSON objects they replaced: the same names, a field
 * without a value present as null, and absent only where it always was (a key outside its creation,
 * a usage record's texts under a policy that keeps none).
 */
class AnswerJsonTest {

  static final Jsonb JSONB = JsonbBuilder.create();

  static JsonObject json(Object answer) {
    return Json.createReader(new StringReader(JSONB.toJson(answer))).readObject();
  }

  @Test
  void aNewBatchHasEveryFieldOfOpenAisBatchObject() {
    Batch b = new Batch();
    b.id = "batch_1";
    b.endpoint = "/v1/chat/completions";
    b.inputFileId = "file-1";
    b.completionWindow = "24h";
    b.status = BatchStatus.validating;
    b.createdAt = Instant.ofEpochSecond(1000);
    b.total = 3;
    b.metadata = "{\"team\":\"it\"}";
    JsonObject batch = json(BatchObject.of(b));
    for (String nullField :
        List.of(
            "errors",
            "output_file_id",
            "error_file_id",
            "in_progress_at",
            "expires_at",
            "finalizing_at",
            "completed_at",
            "failed_at",
            "expired_at",
            "cancelling_at",
            "cancelled_at")) {
      assertEquals(JsonValue.NULL, batch.get(nullField), nullField + " in " + batch);
    }
    assertEquals("validating", batch.getString("status"));
    assertEquals(1000, batch.getJsonNumber("created_at").longValue());
    assertEquals(3, batch.getJsonObject("request_counts").getInt("total"));
    assertEquals("it", batch.getJsonObject("metadata").getString("team"));
    assertEquals(20, batch.size(), batch::toString);
    b.metadata = null;
    assertEquals(JsonValue.NULL, json(BatchObject.of(b)).get("metadata"));
  }

  @Test
  void anAuditEntryOfACreationHasANullBefore() {
    JsonObject entry =
        json(
            new org.slurmllm.history.boundary.AuditEntryView(
                1, "t", "admin", "key.create", "key", "1", null, JsonValue.EMPTY_JSON_OBJECT));
    assertEquals(JsonValue.NULL, entry.get("before"), entry::toString);
  }

  @Test
  void aFileAndAListOfNoneKeepTheirNulls() {
    StoredFile f = new StoredFile();
    f.id = "file-1";
    f.bytes = 5;
    f.createdAt = Instant.ofEpochSecond(1);
    f.filename = "in.jsonl";
    f.purpose = "batch";
    f.sha256 = "ab";
    JsonObject file = json(FileObject.of(f));
    assertEquals(JsonValue.NULL, file.get("expires_at"));
    assertEquals(JsonValue.NULL, file.get("status_details"));
    JsonObject none = json(FileList.of(List.of(), false));
    assertEquals(JsonValue.NULL, none.get("first_id"));
    assertEquals(JsonValue.NULL, none.get("last_id"));
    assertFalse(none.getBoolean("has_more"));
    assertEquals(JsonValue.NULL, json(new KeyList("list", List.of(), false, null)).get("last_id"));
  }

  @Test
  void aKeyShowsItsKeyOnlyWhenMade() {
    KeyView k =
        new KeyView(
            1L, "k", "sk-ab", "user", null, null, null, null, 0, null, "default", "flex", null,
            null, "2026", null);
    JsonObject listed = json(k);
    assertFalse(listed.containsKey("key"));
    assertEquals(JsonValue.NULL, listed.get("tenant"));
    assertEquals(15, listed.size(), listed::toString);
    assertEquals("flex", listed.getString("defaultServiceTier"));
    assertEquals("sk-ab-full", json(k.withKey("sk-ab-full")).getString("key"));
  }

  @Test
  void aUsageRecordHasItsTextsOnlyWhenKept() {
    UsageRecordView bare =
        new UsageRecordView(
            1, "t", null, null, "chat", "m", null, null, null, 1, 2, null, null, 200, null, null,
            null, null, null);
    JsonObject page =
        json(new UsagePage(new UsageTotals(1, 1, 2, 3), "list", List.of(bare), false, 1L));
    JsonObject r = page.getJsonArray("data").getJsonObject(0);
    assertFalse(r.containsKey("prompt") || r.containsKey("promptChars"), r::toString);
    assertEquals(JsonValue.NULL, r.get("keyId"));
    assertEquals(15, r.size(), r::toString);
    assertEquals(3, page.getJsonObject("totals").getInt("totalTokens"));
    assertTrue(page.containsKey("has_more") && page.containsKey("last_id"));
  }
}
