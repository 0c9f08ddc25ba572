package org.slurmllm.access.boundary;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.slurmllm.access.entity.Role;

/**
 * The roles that may call a resource method (on the method, else on its class). A method with
 * neither is for admins only: forgetting the annotation locks an endpoint, it never opens one.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Allowed {
  Role[] value();
}
