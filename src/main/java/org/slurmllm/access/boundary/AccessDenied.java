package org.slurmllm.access.boundary;

import jakarta.ws.rs.core.Response.Status;
import org.slurmllm.rest.ApiException;

/** The key's role may not do this (403). */
public class AccessDenied extends ApiException {
  public AccessDenied(String role) {
    super(Status.FORBIDDEN, "permission_error", "forbidden", null, message(role));
  }

  /** What a key of this role is told. */
  public static String message(String role) {
    return "A key with the role '" + role + "' may not do this.";
  }
}
