package org.slurmllm.routing.boundary;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import jakarta.servlet.ServletContext;
import org.slurmllm.rest.ExchangeErrors;
import org.slurmllm.routing.control.request.InferenceRequest;

/**
 * Undertow's first handler for the application: the inference endpoints go to {@link
 * InferenceGateway} on the I/O thread the request arrived on; everything else goes on to the
 * servlets as before.
 */
final class InferenceHandler implements HttpHandler {

  private final HttpHandler next;
  private final ServletContext context;
  private final ClassLoader application;
  private volatile InferenceGateway gateway;

  InferenceHandler(HttpHandler next, ServletContext context, ClassLoader application) {
    this.next = next;
    this.context = context;
    this.application = application;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    InferenceRequest.Kind kind = InferenceRequest.Kind.at(exchange.getRelativePath());
    if (kind == null) {
      next.handleRequest(exchange);
      return;
    }
    InferenceGateway served = gateway();
    if (served == null) {
      ExchangeErrors.send(
          exchange, 503, "The gateway is starting. Retry in a moment.", null, "starting");
      return;
    }
    // the application's class loader, as the servlets have it (JSON-P, CDI events, logging)
    Thread thread = Thread.currentThread();
    ClassLoader before = thread.getContextClassLoader();
    thread.setContextClassLoader(application);
    try {
      served.handle(exchange, kind);
    } finally {
      thread.setContextClassLoader(before);
    }
  }

  private InferenceGateway gateway() {
    InferenceGateway known = gateway;
    if (known == null) {
      known = (InferenceGateway) context.getAttribute(InferenceGateway.ATTRIBUTE);
      gateway = known;
    }
    return known;
  }
}
