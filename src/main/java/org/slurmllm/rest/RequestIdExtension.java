package org.slurmllm.rest;

import io.undertow.server.HttpHandler;
import io.undertow.servlet.ServletExtension;
import io.undertow.servlet.api.DeploymentInfo;
import jakarta.servlet.ServletContext;

/**
 * Gives every request of the application its id ({@link RequestIds}) in Undertow's first handler,
 * before anything may answer it: the inference handler, the servlets, JAX-RS. Named last in {@code
 * META-INF/services}, so its handler wraps the others' (Undertow wraps in the order extensions add
 * their handlers, the last outermost).
 */
public class RequestIdExtension implements ServletExtension {

  @Override
  public void handleDeployment(DeploymentInfo deployment, ServletContext context) {
    deployment.addInitialHandlerChainWrapper(
        next ->
            (HttpHandler)
                exchange -> {
                  RequestIds.assign(exchange);
                  next.handleRequest(exchange);
                });
  }
}
