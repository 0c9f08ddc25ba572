package org.slurmllm.routing.boundary;

import io.undertow.servlet.ServletExtension;
import io.undertow.servlet.api.DeploymentInfo;
import jakarta.servlet.ServletContext;

/**
 * Puts {@link InferenceHandler} in front of the application's servlet chain (found by Undertow
 * through {@code META-INF/services}), so the inference endpoints are relayed on the I/O threads.
 */
public class InferenceExtension implements ServletExtension {

  @Override
  public void handleDeployment(DeploymentInfo deployment, ServletContext context) {
    ClassLoader application = deployment.getClassLoader();
    deployment.addInitialHandlerChainWrapper(
        next -> new InferenceHandler(next, context, application));
  }
}
