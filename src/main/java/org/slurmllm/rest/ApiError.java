package org.slurmllm.rest;

import jakarta.json.bind.annotation.JsonbNillable;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The one error body of the whole API, OpenAI's: {@code
 * {"error":{"message","type","param","code"}}}, so the official SDKs raise their usual exceptions
 * with our message.
 */
@Schema(name = "Error", description = "OpenAI's error body, used by every endpoint.")
public record ApiError(Detail error) {

  /** The fields OpenAI's SDKs read; {@code param} names the offending field, if any. */
  @Schema(name = "ErrorDetail")
  @JsonbNillable
  public record Detail(
      @Schema(example = "scaling.maxReplicas: must be at least minReplicas (2)") String message,
      @Schema(example = "invalid_request_error") String type,
      @Schema(example = "scaling.maxReplicas", nullable = true) String param,
      @Schema(example = "invalid_value", nullable = true) String code) {}

  public static ApiError of(String message, String type, String param, String code) {
    return new ApiError(new Detail(message, type, param, code));
  }
}
