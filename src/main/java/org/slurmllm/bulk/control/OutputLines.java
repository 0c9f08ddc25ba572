package org.slurmllm.bulk.control;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.time.Instant;
import org.slurmllm.bulk.entity.Batch;
import org.slurmllm.bulk.entity.BatchChunk;
import org.slurmllm.history.entity.TokenCounts;
import org.slurmllm.history.entity.UsageRecord;
import org.slurmllm.rest.JsonP;

/**
 * What a line of a chunk's output (the batch output format) says: whether it answered its request,
 * its custom_id, and the ledger's record of it. Pure functions; a line that is not JSON counts as
 * unanswered and has no custom_id.
 */
final class OutputLines {

  private OutputLines() {}

  /** Whether an output line answered its request (status 200). */
  static boolean succeeded(String line) {
    try (var reader = JsonP.JSON.createReader(new StringReader(line))) {
      var json = reader.readObject();
      return json.get("response") instanceof JsonObject r && r.getInt("status_code", 0) == 200;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** A batch output line's custom_id (the record's request id), null if it has none. */
  static String customId(String line) {
    try (JsonReader reader = Json.createReader(new StringReader(line))) {
      JsonValue id = reader.readObject().get("custom_id");
      return id instanceof JsonString s
          ? s.getString().substring(0, Math.min(64, s.getString().length()))
          : null;
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** The ledger's record of one answered batch request (an output line). */
  static UsageRecord usage(Batch batch, BatchChunk chunk, String line, Instant at) {
    TokenCounts tokens = TokenCounts.scan(line);
    int status = TokenCounts.field(line, "status_code");
    return new UsageRecord(
        at,
        batch.keyId,
        batch.tenantId,
        "batch",
        chunk.modelName,
        null,
        chunk.jobId,
        batch.id,
        tokens == null ? 0 : tokens.prompt(),
        tokens == null ? 0 : tokens.completion(),
        null,
        null,
        status < 0 ? 200 : status,
        null,
        null,
        null,
        null,
        customId(line));
  }
}
