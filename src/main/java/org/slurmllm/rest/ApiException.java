package org.slurmllm.rest;

import jakarta.ws.rs.core.Response.Status;

/**
 * A failure the client caused or must hear about, with the HTTP status and OpenAI error fields it
 * maps to. Features extend it for their own cases (unknown model, duplicate name, ...).
 */
public class ApiException extends RuntimeException {

  private final Status status;
  private final String type;
  private final String param;
  private final String code;

  public ApiException(Status status, String type, String code, String param, String message) {
    super(message);
    this.status = status;
    this.type = type;
    this.code = code;
    this.param = param;
  }

  public static ApiException invalid(String param, String message) {
    return new ApiException(
        Status.BAD_REQUEST, "invalid_request_error", "invalid_value", param, message);
  }

  public Status status() {
    return status;
  }

  public ApiError body() {
    return ApiError.of(getMessage(), type, param, code);
  }
}
