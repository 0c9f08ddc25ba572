package org.slurmllm.rest;

import static org.slurmllm.rest.JsonP.JSON;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Error answers in OpenAI's format for the parts served by servlets and filters, not JAX-RS. */
public final class ServletErrors {

  private ServletErrors() {}

  public static void write(
      HttpServletResponse response, int status, String message, String param, String code)
      throws IOException {
    write(response, status, message, param, code, ApiError.oneField(status, param, message));
  }

  /** The error with the bad fields of the request listed one by one. */
  public static void write(
      HttpServletResponse response,
      int status,
      String message,
      String param,
      String code,
      List<ApiError.Field> fields)
      throws IOException {
    byte[] body =
        body(message, type(status), param, code == null ? StatusCodes.word(status) : code, fields)
            .getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.setContentType("application/json");
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  /** OpenAI's error type for a status. */
  public static String type(int status) {
    return switch (status) {
      case 401 -> "invalid_request_error";
      case 403 -> "permission_error";
      case 429 -> "rate_limit_error";
      default -> status >= 500 ? "server_error" : "invalid_request_error";
    };
  }

  public static String body(String message, String type, String param, String code) {
    return body(message, type, param, code, null);
  }

  /** The body with the bad fields of a 400 ({@link ApiError.Detail#fields()}), when given. */
  public static String body(
      String message, String type, String param, String code, List<ApiError.Field> fields) {
    JsonObjectBuilder error =
        JSON.createObjectBuilder()
            .add("message", message)
            .add("type", type)
            .add("param", param == null ? JsonValue.NULL : JSON.createValue(param))
            .add("code", code == null ? JsonValue.NULL : JSON.createValue(code));
    if (fields != null && !fields.isEmpty()) {
      JsonArrayBuilder list = JSON.createArrayBuilder();
      for (ApiError.Field f : fields) {
        list.add(JSON.createObjectBuilder().add("param", f.param()).add("message", f.message()));
      }
      error.add("fields", list);
    }
    return JSON.createObjectBuilder().add("error", error).build().toString();
  }
}
