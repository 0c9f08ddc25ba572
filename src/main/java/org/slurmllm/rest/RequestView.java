package org.slurmllm.rest;

import io.undertow.server.HttpServerExchange;
import jakarta.servlet.http.HttpServletRequest;

/**
 * What the cross-cutting rules ({@link BodyBound}, the key and role rules of {@code access}) read
 * of a request, the same whether an Undertow handler serves it (the inference endpoints, on the I/O
 * thread) or the servlets and JAX-RS do. A thin view over the request, nothing copied.
 */
public interface RequestView {

  /** The path inside the application, e.g. {@code /v1/chat/completions}. */
  String path();

  String method();

  /** The header's first value, or null. */
  String header(String name);

  /** The body's declared length, or -1 when it has none (chunked). */
  long declaredLength();

  static RequestView of(HttpServerExchange exchange) {
    return new ExchangeView(exchange);
  }

  static RequestView of(HttpServletRequest request) {
    return new ServletView(request);
  }

  /** A request Undertow's handler serves. */
  record ExchangeView(HttpServerExchange exchange) implements RequestView {
    @Override
    public String path() {
      return exchange.getRelativePath();
    }

    @Override
    public String method() {
      return exchange.getRequestMethod().toString();
    }

    @Override
    public String header(String name) {
      return exchange.getRequestHeaders().getFirst(name);
    }

    @Override
    public long declaredLength() {
      return exchange.getRequestContentLength();
    }
  }

  /** A request the servlet chain serves. */
  record ServletView(HttpServletRequest request) implements RequestView {
    @Override
    public String path() {
      return request.getRequestURI().substring(request.getContextPath().length());
    }

    @Override
    public String method() {
      return request.getMethod();
    }

    @Override
    public String header(String name) {
      return request.getHeader(name);
    }

    @Override
    public long declaredLength() {
      return request.getContentLengthLong();
    }
  }
}
