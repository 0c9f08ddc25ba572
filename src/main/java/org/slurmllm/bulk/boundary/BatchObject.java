package org.slurmllm.bulk.boundary;

import jakarta.json.JsonArray;
import jakarta.json.JsonValue;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.io.StringReader;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.slurmllm.bulk.entity.Batch;
import org.slurmllm.rest.JsonP;

/** OpenAI's batch object, exactly as the SDKs read it (times in Unix seconds, null until then). */
@Schema(name = "Batch")
@JsonbNillable
@JsonbPropertyOrder({
  "id",
  "object",
  "endpoint",
  "errors",
  "inputFileId",
  "completionWindow",
  "status",
  "outputFileId",
  "errorFileId",
  "createdAt",
  "inProgressAt",
  "expiresAt",
  "finalizingAt",
  "completedAt",
  "failedAt",
  "expiredAt",
  "cancellingAt",
  "cancelledAt",
  "requestCounts",
  "metadata"
})
public record BatchObject(
    @Schema(example = "batch_3f9c1e2a7b5d4c6e8f0a1b2c") String id,
    @Schema(example = "batch") String object,
    @Schema(example = "/v1/chat/completions") String endpoint,
    // JSON-P, not the Errors record: Yasson leaves out a null record-typed member whatever
    // @JsonbNillable says, and OpenAI's object has "errors": null until a batch fails
    @Schema(
            implementation = Errors.class,
            description = "Why the batch failed as a whole; null otherwise.")
        @JsonbNillable
        JsonValue errors,
    @JsonbProperty("input_file_id") @JsonbNillable String inputFileId,
    @JsonbProperty("completion_window") @JsonbNillable @Schema(example = "24h")
        String completionWindow,
    @Schema(
            enumeration = {
              "validating",
              "failed",
              "in_progress",
              "finalizing",
              "completed",
              "expired",
              "cancelling",
              "cancelled"
            })
        String status,
    @JsonbProperty("output_file_id") @JsonbNillable String outputFileId,
    @JsonbProperty("error_file_id") @JsonbNillable String errorFileId,
    @JsonbProperty("created_at") @JsonbNillable long createdAt,
    @JsonbProperty("in_progress_at") @JsonbNillable Long inProgressAt,
    @JsonbProperty("expires_at") @JsonbNillable Long expiresAt,
    @JsonbProperty("finalizing_at") @JsonbNillable Long finalizingAt,
    @JsonbProperty("completed_at") @JsonbNillable Long completedAt,
    @JsonbProperty("failed_at") @JsonbNillable Long failedAt,
    @JsonbProperty("expired_at") @JsonbNillable Long expiredAt,
    @JsonbProperty("cancelling_at") @JsonbNillable Long cancellingAt,
    @JsonbProperty("cancelled_at") @JsonbNillable Long cancelledAt,
    @JsonbProperty("request_counts") @JsonbNillable RequestCounts requestCounts,
    @Schema(type = SchemaType.OBJECT, description = "The client's own key-value pairs.")
        @JsonbNillable
        JsonValue metadata) {

  /** How many of the batch's requests there are, and how many ended which way. */
  @Schema(name = "BatchRequestCounts")
  @JsonbPropertyOrder({"total", "completed", "failed"})
  public record RequestCounts(int total, int completed, int failed) {}

  /** OpenAI's list of a batch's own errors (each {code, message, param, line}): its schema. */
  @Schema(name = "BatchErrors")
  @JsonbPropertyOrder({"object", "data"})
  public record Errors(@Schema(example = "list") String object, JsonArray data) {}

  static BatchObject of(Batch b) {
    return new BatchObject(
        b.id,
        "batch",
        b.endpoint,
        b.errors == null ? null : errors((JsonArray) parse(b.errors)),
        b.inputFileId,
        b.completionWindow,
        b.status.name(),
        b.outputFileId,
        b.errorFileId,
        b.createdAt.getEpochSecond(),
        seconds(b.inProgressAt),
        seconds(b.expiresAt),
        seconds(b.finalizingAt),
        seconds(b.completedAt),
        seconds(b.failedAt),
        seconds(b.expiredAt),
        seconds(b.cancellingAt),
        seconds(b.cancelledAt),
        new RequestCounts(b.total, b.completed, b.failed),
        b.metadata == null ? null : parse(b.metadata));
  }

  private static JsonValue errors(JsonArray data) {
    return JsonP.JSON.createObjectBuilder().add("object", "list").add("data", data).build();
  }

  private static Long seconds(Instant t) {
    return t == null ? null : t.getEpochSecond();
  }

  private static JsonValue parse(String json) {
    try (var reader = JsonP.JSON.createReader(new StringReader(json))) {
      return reader.readValue();
    }
  }
}
