package org.slurmllm.history.boundary;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.slurmllm.access.boundary.Allowed;
import org.slurmllm.access.boundary.Caller;
import org.slurmllm.access.entity.Principal;
import org.slurmllm.access.entity.Role;
import org.slurmllm.history.control.TimeRange;
import org.slurmllm.rest.ListPage;
import org.slurmllm.rest.PageLimit;

/**
 * The audit log, read only: there is no path here (or anywhere) that changes or removes an entry,
 * and the database refuses updates and deletes of the table. Auditors of a tenant see the entries
 * about that tenant's objects.
 */
@Path("/api/audit")
@Tag(name = "Access")
@Produces(MediaType.APPLICATION_JSON)
@Allowed(Role.AUDITOR)
public class AuditResource {

  @Inject AuditLog audit;
  @Inject Caller caller;

  @GET
  @Operation(
      summary = "Audit entries, newest first",
      description =
          "Who did what to which object, when, with the state before and after. Filters: actor,"
              + " action (e.g. key.revoke), targetType (model, key, tenant, batch, tribunal,"
              + " replicas), targetId, from, to; paged with after (the last id) and limit.")
  public AuditPage entries(
      @QueryParam("actor") String actor,
      @QueryParam("action") String action,
      @QueryParam("targetType") String targetType,
      @QueryParam("targetId") String targetId,
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("after") Long after,
      @QueryParam("limit") String limitText) {
    int limit = PageLimit.parse(limitText, 100, 1000);
    Principal p = caller.principal();
    List<AuditEntryView> rows =
        audit.find(
            new AuditLog.Filter(
                p.tenantFilter(),
                actor,
                action,
                targetType,
                targetId,
                TimeRange.parse(from, to),
                after),
            limit + 1);
    return AuditPage.of(ListPage.of(rows, limit));
  }
}
