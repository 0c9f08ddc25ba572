package org.slurmllm.access.boundary;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import org.slurmllm.access.entity.Principal;

/**
 * Who is making the current request: the key the authentication filter found, for role checks,
 * tenant scoping, the audit log and the usage ledger.
 */
@RequestScoped
public class Caller {

  /** The request attribute the authentication filter puts the {@link Principal} in. */
  public static final String ATTRIBUTE = "org.slurmllm.principal";

  @Inject HttpServletRequest request;

  public Principal principal() {
    Principal p = (Principal) request.getAttribute(ATTRIBUTE);
    if (p == null) {
      throw new IllegalStateException("no authenticated caller on " + request.getRequestURI());
    }
    return p;
  }

  /** How the audit log names the caller. */
  public String name() {
    return principal().actor();
  }

  /** The caller's tenant, or null for keys without one (admins, global auditors). */
  public Long tenantId() {
    return principal().tenantId();
  }
}
