package org.slurmllm.access.boundary;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Method;
import java.util.EnumSet;
import java.util.Set;
import org.slurmllm.access.entity.Principal;
import org.slurmllm.access.entity.Role;
import org.slurmllm.rest.Unauthenticated;

/**
 * Gives every JAX-RS resource method a check of the caller's role against its {@link Allowed} roles
 * (admins only when it has none). The key itself was checked by {@link AuthenticationFilter} before
 * the request got here.
 */
@Provider
public class RoleCheck implements DynamicFeature {

  @Override
  public void configure(ResourceInfo resource, FeatureContext context) {
    Class<?> type = resource.getResourceClass();
    if (type.isAnnotationPresent(Unauthenticated.class)) {
      return;
    }
    context.register(new Check(allowed(resource.getResourceMethod(), type)));
  }

  static Set<Role> allowed(Method method, Class<?> type) {
    Allowed allowed = method.getAnnotation(Allowed.class);
    if (allowed == null) {
      allowed = type.getAnnotation(Allowed.class);
    }
    if (allowed == null) {
      return EnumSet.of(Role.ADMIN);
    }
    return EnumSet.of(Role.ADMIN, allowed.value());
  }

  private record Check(Set<Role> roles) implements ContainerRequestFilter {
    @Override
    public void filter(ContainerRequestContext request) {
      Principal caller = (Principal) request.getProperty(Caller.ATTRIBUTE);
      if (caller == null) {
        throw new IllegalStateException("a request reached a resource without authentication");
      }
      if (!roles.contains(caller.role())) {
        throw new AccessDenied(caller.role().value());
      }
    }
  }
}
