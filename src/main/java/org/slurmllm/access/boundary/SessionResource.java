package org.slurmllm.access.boundary;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
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
  public Map<String, Object> me() {
    Principal p = caller.principal();
    Map<String, Object> me = new LinkedHashMap<>();
    me.put("keyId", p.keyId());
    me.put("name", p.keyName());
    me.put("prefix", p.prefix());
    me.put("role", p.role().value());
    me.put("tenant", p.tenantName());
    me.put("seesAllTenants", p.seesAllTenants());
    return me;
  }
}
