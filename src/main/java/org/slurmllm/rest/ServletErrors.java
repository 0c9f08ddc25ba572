package org.slurmllm.rest;

import static org.slurmllm.rest.JsonP.JSON;

import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Error answers in OpenAI's format for the parts served by servlets and filters, not JAX-RS. */
public final class ServletErrors {

  private ServletErrors() {}

  public static void write(
      HttpServletResponse response, int status, String message, String param, String code)
      throws IOException {
    byte[] body = body(message, type(status), param, code).getBytes(StandardCharsets.UTF_8);
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
    return JSON.createObjectBuilder()
        .add(
            "error",
            JSON.createObjectBuilder()
                .add("message", message)
                .add("type", type)
                .add("param", param == null ? JsonValue.NULL : JSON.createValue(param))
                .add("code", code == null ? JsonValue.NULL : JSON.createValue(code)))
        .build()
        .toString();
  }
}
