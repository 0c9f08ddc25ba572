package org.slurmllm.access.boundary;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.ext.Provider;
import org.slurmllm.access.entity.Principal;
import org.slurmllm.rest.Refusal;
import org.slurmllm.rest.Unauthenticated;

/**
 * Gives every JAX-RS resource method its {@link RoleRule}: the caller's role against its {@link
 * Allowed} roles (admins only when it has none). The key itself was checked by {@link
 * AuthenticationFilter} before the request got here.
 */
@Provider
public class RoleCheck implements DynamicFeature {

  @Override
  public void configure(ResourceInfo resource, FeatureContext context) {
    Class<?> type = resource.getResourceClass();
    if (type.isAnnotationPresent(Unauthenticated.class)) {
      return;
    }
    context.register(new Check(RoleRule.of(resource.getResourceMethod(), type)));
  }

  private record Check(RoleRule rule) implements ContainerRequestFilter {
    @Override
    public void filter(ContainerRequestContext request) {
      Principal caller = (Principal) request.getProperty(Caller.ATTRIBUTE);
      if (caller == null) {
        throw new IllegalStateException("a request reached a resource without authentication");
      }
      Refusal refused = rule.check(caller);
      if (refused != null) {
        throw refused.asException();
      }
    }
  }
}
