package org.slurmllm.access.boundary;

import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.slurmllm.access.entity.Principal;
import org.slurmllm.access.entity.Role;

/**
 * Who the caller's key is: what a client (the console) needs to offer only what the key may do.
 * Never the key itself.
 */
@Path("/api/me")
@Tag(name = "Access")
@Produces(MediaType.APPLICATION_JSON)
@Allowed({Role.USER, Role.AUDITOR})
public class SessionResource {

  @Inject Caller caller;

  @GET
  @Operation(
      summary = "The calling key: name, visible prefix, role and tenant",
      description = "seesAllTenants is true for admins and for auditors without a tenant.")
  public Session me() {
    Principal p = caller.principal();
    return new Session(
        p.keyId(), p.keyName(), p.prefix(), p.role().value(), p.tenantName(), p.seesAllTenants());
  }

  /** The calling key as the console needs it; tenant is null for a key of no tenant. */
  @Schema(name = "Session")
  @JsonbNillable
  @JsonbPropertyOrder({"keyId", "name", "prefix", "role", "tenant", "seesAllTenants"})
  public record Session(
      long keyId,
      String name,
      String prefix,
      @Schema(enumeration = {"user", "auditor", "admin"}) String role,
      String tenant,
      boolean seesAllTenants) {}
}
