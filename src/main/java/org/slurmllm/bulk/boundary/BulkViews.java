package org.slurmllm.bulk.boundary;

import static org.slurmllm.rest.JsonP.JSON;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import org.slurmllm.bulk.entity.Batch;
import org.slurmllm.bulk.entity.BatchChunk;
import org.slurmllm.bulk.entity.StoredFile;

/** OpenAI's file and batch objects (and our chunk view), exactly as the SDKs read them. */
final class BulkViews {

  private BulkViews() {}

  static JsonObject file(StoredFile f) {
    return JSON.createObjectBuilder()
        .add("id", f.id)
        .add("object", "file")
        .add("bytes", f.bytes)
        .add("created_at", f.createdAt.getEpochSecond())
        .add("filename", f.filename)
        .add("purpose", f.purpose)
        .add("status", "processed")
        .add("status_details", JsonValue.NULL)
        .add("sha256", f.sha256)
        .build();
  }

  static JsonObject batch(Batch b) {
    JsonObjectBuilder o =
        JSON.createObjectBuilder()
            .add("id", b.id)
            .add("object", "batch")
            .add("endpoint", b.endpoint)
            .add("errors", errors(b.errors))
            .add("input_file_id", b.inputFileId)
            .add("completion_window", b.completionWindow)
            .add("status", b.status.name())
            .add("output_file_id", text(b.outputFileId))
            .add("error_file_id", text(b.errorFileId))
            .add("created_at", b.createdAt.getEpochSecond());
    time(o, "in_progress_at", b.inProgressAt);
    time(o, "expires_at", b.expiresAt);
    time(o, "finalizing_at", b.finalizingAt);
    time(o, "completed_at", b.completedAt);
    time(o, "failed_at", b.failedAt);
    time(o, "expired_at", b.expiredAt);
    time(o, "cancelling_at", b.cancellingAt);
    time(o, "cancelled_at", b.cancelledAt);
    return o.add(
            "request_counts",
            JSON.createObjectBuilder()
                .add("total", b.total)
                .add("completed", b.completed)
                .add("failed", b.failed))
        .add("metadata", b.metadata == null ? JsonValue.NULL : parse(b.metadata))
        .build();
  }

  static JsonObject chunk(BatchChunk c) {
    JsonObjectBuilder o =
        JSON.createObjectBuilder()
            .add("index", c.index)
            .add("model", c.modelName)
            .add("firstLine", c.firstLine)
            .add("lastLine", c.lastLine)
            .add("requests", c.requests)
            .add("state", c.state.name())
            .add("jobId", text(c.jobId))
            .add("attempts", c.attempts)
            .add("node", text(c.node))
            .add("completed", c.completed)
            .add("failed", c.failed)
            .add("message", text(c.message));
    for (var t :
        List.of(
            new Object[] {"submittedAt", c.submittedAt},
            new Object[] {"startedAt", c.startedAt},
            new Object[] {"endedAt", c.endedAt})) {
      o.add((String) t[0], t[1] == null ? JsonValue.NULL : JSON.createValue(t[1].toString()));
    }
    return o.build();
  }

  static JsonObject list(List<JsonObject> data, boolean hasMore) {
    return JSON.createObjectBuilder()
        .add("object", "list")
        .add("data", JSON.createArrayBuilder(data))
        .add("first_id", data.isEmpty() ? JsonValue.NULL : data.get(0).get("id"))
        .add("last_id", data.isEmpty() ? JsonValue.NULL : data.get(data.size() - 1).get("id"))
        .add("has_more", hasMore)
        .build();
  }

  private static JsonValue errors(String json) {
    if (json == null) {
      return JsonValue.NULL;
    }
    JsonArray data = (JsonArray) parse(json);
    return JSON.createObjectBuilder().add("object", "list").add("data", data).build();
  }

  private static JsonValue parse(String json) {
    try (var reader = JSON.createReader(new StringReader(json))) {
      return reader.readValue();
    }
  }

  private static JsonValue text(String s) {
    return s == null ? JsonValue.NULL : JSON.createValue(s);
  }

  private static void time(JsonObjectBuilder o, String name, Instant t) {
    o.add(name, t == null ? JsonValue.NULL : JSON.createValue(t.getEpochSecond()));
  }
}
