package org.slurmllm.rest;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Error answers in OpenAI's format for what is served by Undertow handlers directly (the inference
 * endpoints), without blocking: the same bodies as {@link ServletErrors}.
 */
public final class ExchangeErrors {

  private ExchangeErrors() {}

  /** Sends the error; the exchange ends when it is written. A 400's {@code param} is listed. */
  public static void send(
      HttpServerExchange exchange, int status, String message, String param, String code) {
    send(exchange, status, message, param, code, ApiError.oneField(status, param, message));
  }

  /** Sends the error with the bad fields of the request listed one by one. */
  public static void send(
      HttpServerExchange exchange,
      int status,
      String message,
      String param,
      String code,
      List<ApiError.Field> fields) {
    if (exchange.isResponseStarted()) {
      exchange.endExchange(); // already answering: nothing more can be said
      return;
    }
    byte[] body =
        ServletErrors.body(
                message,
                ServletErrors.type(status),
                param,
                code == null ? StatusCodes.word(status) : code,
                fields)
            .getBytes(StandardCharsets.UTF_8);
    exchange.setStatusCode(status);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
    exchange.setResponseContentLength(body.length);
    exchange.getResponseSender().send(ByteBuffer.wrap(body));
  }
}
