package org.slurmllm.bulk.boundary;

import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.slurmllm.access.boundary.Allowed;
import org.slurmllm.access.boundary.Caller;
import org.slurmllm.access.entity.Principal;
import org.slurmllm.access.entity.Role;
import org.slurmllm.bulk.control.BatchRequest;
import org.slurmllm.bulk.control.BatchService;
import org.slurmllm.bulk.control.FileStore;
import org.slurmllm.bulk.entity.Batch;
import org.slurmllm.history.boundary.AuditLog;
import org.slurmllm.rest.ApiError;
import org.slurmllm.rest.ApiException;
import org.slurmllm.rest.PageLimit;

/** OpenAI's Batches API: a file of requests answered by chunk jobs on the cluster. */
@Path("/v1/batches")
@Tag(name = "OpenAI", description = "OpenAI-compatible API.")
@Produces(MediaType.APPLICATION_JSON)
public class BatchesResource {

  @Inject BatchService batches;
  @Inject FileStore files;
  @Inject Caller caller;
  @Inject AuditLog audit;

  @Allowed({Role.USER})
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Create a batch from an uploaded file",
      description =
          "Body: input_file_id, endpoint, completion_window (24h), metadata (optional), and"
              + " output_expires_after (optional, {\"anchor\":\"created_at\",\"seconds\":N}, N from"
              + " 3600 to 2592000): when the batch's output and error files expire, else after"
              + " SLURMLLM_FILE_RETENTION_DAYS.")
  @APIResponse(
      responseCode = "200",
      description = "The batch object (status validating)",
      content = @Content(schema = @Schema(implementation = BatchObject.class)))
  @APIResponse(
      responseCode = "400",
      description = "Fields are missing or wrong: all named in the message, the first as param",
      content = @Content(schema = @Schema(implementation = ApiError.class)))
  public BatchObject create(JsonObject body) {
    Principal principal = caller.principal();
    BatchRequest request =
        BatchRequest.of(
            body,
            id ->
                files
                    .find(id)
                    .filter(f -> f.purpose.equals("batch") && principal.sees(f.tenantId))
                    .isPresent());
    Batch b =
        batches.create(
            request.inputFileId(),
            request.endpoint(),
            request.completionWindow(),
            request.metadata(),
            request.outputExpiresAfter() == null ? null : request.outputExpiresAfter().seconds(),
            principal.keyId(),
            principal.tenantId());
    return BatchObject.of(b);
  }

  @Allowed({Role.USER, Role.AUDITOR})
  @GET
  @Operation(summary = "List batches, newest first (paged with after and limit)")
  public BatchList list(
      @QueryParam("after") String after,
      @QueryParam("limit") @DefaultValue("20") String limitText) {
    int limit = PageLimit.parse(limitText, 20, 100);
    Principal principal = caller.principal();
    List<Batch> page = batches.list(after, limit + 1, principal.tenantFilter());
    return BatchList.of(
        page.stream().limit(limit).map(BatchObject::of).toList(), page.size() > limit);
  }

  @Allowed({Role.USER, Role.AUDITOR})
  @GET
  @Path("{id}")
  @Operation(summary = "Retrieve a batch")
  @APIResponse(
      responseCode = "200",
      description = "The batch object",
      content = @Content(schema = @Schema(implementation = BatchObject.class)))
  @APIResponse(
      responseCode = "404",
      description = "No such batch",
      content = @Content(schema = @Schema(implementation = ApiError.class)))
  public BatchObject get(@PathParam("id") String id) {
    return BatchObject.of(find(batches, id, caller.principal()));
  }

  @Allowed({Role.USER})
  @POST
  @Path("{id}/cancel")
  @Operation(summary = "Cancel a batch: cancelling, then cancelled; answered results stay")
  @APIResponse(
      responseCode = "200",
      description = "The batch object (cancelling)",
      content = @Content(schema = @Schema(implementation = BatchObject.class)))
  @APIResponse(
      responseCode = "404",
      description = "No such batch",
      content = @Content(schema = @Schema(implementation = ApiError.class)))
  public BatchObject cancel(@PathParam("id") String id) {
    Batch b = find(batches, id, caller.principal());
    audit.recordAction(caller.name(), "batch.cancel", "batch", id, b.tenantId);
    return BatchObject.of(batches.cancel(id));
  }

  /** The batch if the caller may see it; another tenant's is as unknown as a missing one. */
  static Batch find(BatchService batches, String id, Principal caller) {
    return batches
        .find(id)
        .filter(b -> caller.sees(b.tenantId))
        .orElseThrow(
            () ->
                new ApiException(
                    Response.Status.NOT_FOUND,
                    "invalid_request_error",
                    "batch_not_found",
                    "batch_id",
                    "No such batch: " + id));
  }
}
