package org.slurmllm.access.boundary;

import java.lang.reflect.AnnotatedElement;
import java.util.EnumSet;
import java.util.Set;
import org.slurmllm.access.entity.Principal;
import org.slurmllm.access.entity.Role;
import org.slurmllm.rest.Refusal;

/**
 * Which roles may call an endpoint, from its {@link Allowed} roles (on the method, else on its
 * class; admins only when neither has one), and the 403 for any other. The one rule for JAX-RS
 * resources ({@link RoleCheck}) and the inference handler.
 */
public record RoleRule(Set<Role> allowed) {

  /** The rule of an endpoint: a resource method and its class, or a handler's class alone. */
  public static RoleRule of(AnnotatedElement method, Class<?> type) {
    Allowed allowed = method == null ? null : method.getAnnotation(Allowed.class);
    if (allowed == null) {
      allowed = type.getAnnotation(Allowed.class);
    }
    return new RoleRule(
        allowed == null ? EnumSet.of(Role.ADMIN) : EnumSet.of(Role.ADMIN, allowed.value()));
  }

  /** Null when the caller's role may; else the 403. */
  public Refusal check(Principal caller) {
    if (allowed.contains(caller.role())) {
      return null;
    }
    return Refusal.of(403, AccessDenied.message(caller.role().value()), null, "forbidden");
  }
}
