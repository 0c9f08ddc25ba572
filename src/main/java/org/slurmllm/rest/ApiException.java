package org.slurmllm.rest;

import jakarta.ws.rs.core.Response.Status;
import java.util.List;

/**
 * A failure the client caused or must hear about, with the HTTP status and OpenAI error fields it
 * maps to. Features extend it for their own cases (unknown model, duplicate name, ...).
 */
public class ApiException extends RuntimeException {

  private final Status status;
  private final String type;
  private final String param;
  private final String code;
  private final List<ApiError.Field> fields;

  public ApiException(Status status, String type, String code, String param, String message) {
    this(status, type, code, param, message, null);
  }

  private ApiException(
      Status status,
      String type,
      String code,
      String param,
      String message,
      List<ApiError.Field> fields) {
    super(message);
    this.status = status;
    this.type = type;
    this.code = code;
    this.param = param;
    this.fields =
        fields != null ? fields : ApiError.oneField(status.getStatusCode(), param, message);
  }

  public static ApiException invalid(String param, String message) {
    return new ApiException(
        Status.BAD_REQUEST, "invalid_request_error", "invalid_value", param, message);
  }

  /** A 400 about several fields: {@code param} names them all, {@code fields} one by one. */
  public static ApiException invalid(String param, String message, List<ApiError.Field> fields) {
    return new ApiException(
        Status.BAD_REQUEST, "invalid_request_error", "invalid_value", param, message, fields);
  }

  public Status status() {
    return status;
  }

  public ApiError body() {
    return ApiError.of(
        getMessage(),
        type,
        param,
        code == null ? StatusCodes.word(status.getStatusCode()) : code,
        fields);
  }
}
