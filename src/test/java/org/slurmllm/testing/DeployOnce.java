package org.slurmllm.testing;

import java.util.List;
import org.jboss.arquillian.container.spi.Container;
import org.jboss.arquillian.container.spi.ContainerRegistry;
import org.jboss.arquillian.container.spi.client.deployment.Deployment;
import org.jboss.arquillian.container.spi.client.deployment.DeploymentDescription;
import org.jboss.arquillian.container.spi.client.deployment.DeploymentScenario;
import org.jboss.arquillian.container.spi.event.DeployManagedDeployments;
import org.jboss.arquillian.container.spi.event.StopSuiteContainers;
import org.jboss.arquillian.container.spi.event.UnDeployDeployment;
import org.jboss.arquillian.container.spi.event.UnDeployManagedDeployments;
import org.jboss.arquillian.core.api.Event;
import org.jboss.arquillian.core.api.Instance;
import org.jboss.arquillian.core.api.annotation.Inject;
import org.jboss.arquillian.core.api.annotation.Observes;
import org.jboss.arquillian.core.spi.EventContext;
import org.jboss.arquillian.core.spi.LoadableExtension;

/**
 * Deploys the application once for every test class that tests it from outside ({@link
 * Deployments#application()}, not testable), instead of once per class: a deployment takes 6-15 s
 * and most classes use the same WAR, so deploying it anew each time was a third of the suite. A
 * class that deploys something else (test classes inside the server) gets the server to itself: the
 * shared deployment is undeployed first and deployed again by the next class that needs it. What a
 * class leaves behind (models, keys) its own clean-up removes, as it did before.
 */
public final class DeployOnce {

  /** Registers {@link DeployOnce} with Arquillian (named in META-INF/services). */
  public static final class Extension implements LoadableExtension {
    @Override
    public void register(ExtensionBuilder builder) {
      builder.observer(DeployOnce.class);
    }
  }

  @Inject private Instance<DeploymentScenario> scenario;
  @Inject private Instance<ContainerRegistry> registry;
  @Inject private Event<UnDeployDeployment> undeploy;

  private Container container;
  private Deployment deployed;

  public void deploy(@Observes EventContext<DeployManagedDeployments> event) throws Exception {
    Deployment shared = sharable();
    if (shared == null) {
      undeployShared();
      event.proceed();
      return;
    }
    if (deployed != null) {
      return; // deployed by an earlier class, and still there
    }
    event.proceed();
    if (shared.isDeployed() && !shared.hasDeploymentError()) {
      container = registry.get().getContainer(shared.getDescription().getTarget());
      deployed = shared;
    }
  }

  public void undeploy(@Observes EventContext<UnDeployManagedDeployments> event) {
    if (sharable() == null || deployed == null) {
      event.proceed();
    }
  }

  public void stop(@Observes EventContext<StopSuiteContainers> event) {
    undeployShared();
    event.proceed();
  }

  /** The class's one deployment if it is the application tested from outside, else null. */
  private Deployment sharable() {
    List<Deployment> deployments = scenario.get().deployments();
    if (deployments.size() != 1) {
      return null;
    }
    DeploymentDescription description = deployments.get(0).getDescription();
    boolean application =
        description.managed()
            && !description.testable()
            && description.isArchiveDeployment()
            && description.getArchive().getName().equals(Deployments.applicationName());
    return application ? deployments.get(0) : null;
  }

  /** Undeploys as Arquillian does, in the container's and the deployment's contexts. */
  private void undeployShared() {
    if (deployed != null) {
      Deployment shared = deployed;
      deployed = null;
      undeploy.fire(new UnDeployDeployment(container, shared));
    }
  }
}
