package org.slurmllm.bulk.boundary;

import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.slurmllm.bulk.entity.StoredFile;

/** OpenAI's file object, exactly as the SDKs read it (times in Unix seconds). */
@Schema(name = "File")
@JsonbNillable
@JsonbPropertyOrder({
  "id",
  "object",
  "bytes",
  "createdAt",
  "expiresAt",
  "filename",
  "purpose",
  "status",
  "statusDetails",
  "sha256"
})
public record FileObject(
    @Schema(example = "file-3f9c1e2a7b5d4c6e8f0a1b2c") String id,
    @Schema(example = "file") String object,
    long bytes,
    @JsonbProperty("created_at") @JsonbNillable long createdAt,
    @JsonbProperty("expires_at") @JsonbNillable Long expiresAt,
    String filename,
    @Schema(example = "batch") String purpose,
    @Schema(example = "processed") String status,
    @JsonbProperty("status_details") @JsonbNillable String statusDetails,
    String sha256) {

  static FileObject of(StoredFile f) {
    return new FileObject(
        f.id,
        "file",
        f.bytes,
        f.createdAt.getEpochSecond(),
        f.expiresAt == null ? null : f.expiresAt.getEpochSecond(),
        f.filename,
        f.purpose,
        "processed",
        null,
        f.sha256);
  }
}
