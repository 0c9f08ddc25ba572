package org.slurmllm.rest;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.Response.Status;
import java.io.IOException;

/**
 * A cross-cutting rule's answer when a request may not go on: the status, OpenAI's error fields and
 * the one header that goes with some of them ({@code WWW-Authenticate} on a 401, {@code
 * Retry-After} on a 429). Written the same way by whichever serves the request: an Undertow handler
 * ({@link #sendTo}), a servlet filter ({@link #writeTo}) or JAX-RS ({@link #asException}). A rule
 * that lets a request pass answers null.
 */
public record Refusal(
    int status, String message, String param, String code, String header, String headerValue) {

  public static Refusal of(int status, String message, String param, String code) {
    return new Refusal(status, message, param, code, null, null);
  }

  /** The refusal with a header on its answer. */
  public Refusal with(String name, String value) {
    return new Refusal(status, message, param, code, name, value);
  }

  /** Answers on Undertow's exchange, without blocking; the exchange ends when it is written. */
  public void sendTo(HttpServerExchange exchange) {
    if (header != null && !exchange.isResponseStarted()) {
      exchange.getResponseHeaders().put(new HttpString(header), headerValue);
    }
    ExchangeErrors.send(exchange, status, message, param, code);
  }

  /** Answers on a servlet response. */
  public void writeTo(HttpServletResponse response) throws IOException {
    if (header != null) {
      response.setHeader(header, headerValue);
    }
    ServletErrors.write(response, status, message, param, code);
  }

  /** For JAX-RS: thrown, and answered by {@link RefusedMapper}. */
  public ApiException asException() {
    return new Refused(this);
  }

  /** A refusal thrown inside JAX-RS. */
  public static final class Refused extends ApiException {
    private final Refusal refusal;

    Refused(Refusal refusal) {
      super(
          Status.fromStatusCode(refusal.status()),
          ServletErrors.type(refusal.status()),
          refusal.code(),
          refusal.param(),
          refusal.message());
      this.refusal = refusal;
    }

    public Refusal refusal() {
      return refusal;
    }
  }
}
