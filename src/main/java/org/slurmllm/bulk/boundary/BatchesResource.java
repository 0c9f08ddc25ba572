package org.slurmllm.bulk.boundary;

import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
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
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.slurmllm.access.boundary.Allowed;
import org.slurmllm.access.boundary.Caller;
import org.slurmllm.access.entity.Principal;
import org.slurmllm.access.entity.Role;
import org.slurmllm.bulk.control.BatchService;
import org.slurmllm.bulk.control.FileStore;
import org.slurmllm.bulk.control.InputLine;
import org.slurmllm.bulk.entity.Batch;
import org.slurmllm.history.boundary.AuditLog;
import org.slurmllm.rest.ApiException;
import org.slurmllm.rest.PageLimit;

/** OpenAI's Batches API: a file of requests answered by chunk jobs on the cluster. */
@Path("/v1/batches")
@Tag(name = "OpenAI", description = "OpenAI-compatible API.")
@Produces(MediaType.APPLICATION_JSON)
public class BatchesResource {

  static final Set<String> ENDPOINTS =
      Set.of("/v1/chat/completions", "/v1/completions", "/v1/embeddings", InputLine.TRIBUNALS);

  @Inject BatchService batches;
  @Inject FileStore files;
  @Inject Caller caller;
  @Inject AuditLog audit;

  @Allowed({Role.USER})
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Create a batch from an uploaded file")
  @APIResponse(responseCode = "200", description = "The batch object (status validating)")
  @APIResponse(responseCode = "400", description = "A field is missing or wrong; names it")
  public JsonObject create(JsonObject body) {
    if (body == null) {
      throw ApiException.invalid(null, "A JSON body is required.");
    }
    String input = string(body, "input_file_id");
    Principal principal = caller.principal();
    if (files
        .find(input)
        .filter(f -> f.purpose.equals("batch") && principal.sees(f.tenantId))
        .isEmpty()) {
      throw ApiException.invalid(
          "input_file_id", "input_file_id: no uploaded file with purpose 'batch' has id " + input);
    }
    String endpoint = string(body, "endpoint");
    if (!ENDPOINTS.contains(endpoint)) {
      throw ApiException.invalid(
          "endpoint",
          "endpoint: must be /v1/chat/completions, /v1/completions, /v1/embeddings or"
              + " /v1/tribunals.");
    }
    String window = string(body, "completion_window");
    if (!window.equals("24h")) {
      throw ApiException.invalid("completion_window", "completion_window: must be '24h'.");
    }
    JsonValue metadata = body.get("metadata");
    if (metadata != null && metadata != JsonValue.NULL) {
      if (!(metadata instanceof JsonObject m)
          || m.size() > 16
          || !m.values().stream().allMatch(v -> v instanceof JsonString)) {
        throw ApiException.invalid("metadata", "metadata: an object of at most 16 string values.");
      }
    }
    Batch b =
        batches.create(
            input,
            endpoint,
            window,
            metadata == null || metadata == JsonValue.NULL ? null : metadata.toString(),
            principal.keyId(),
            principal.tenantId());
    return BulkViews.batch(b);
  }

  @Allowed({Role.USER, Role.AUDITOR})
  @GET
  @Operation(summary = "List batches, newest first (paged with after and limit)")
  public JsonObject list(
      @QueryParam("after") String after,
      @QueryParam("limit") @DefaultValue("20") String limitText) {
    int limit = PageLimit.parse(limitText, 20, 100);
    Principal principal = caller.principal();
    List<Batch> page = batches.list(after, limit + 1, principal.tenantFilter());
    return BulkViews.list(
        page.stream().limit(limit).map(BulkViews::batch).toList(), page.size() > limit);
  }

  @Allowed({Role.USER, Role.AUDITOR})
  @GET
  @Path("{id}")
  @Operation(summary = "Retrieve a batch")
  @APIResponse(responseCode = "404", description = "No such batch")
  public JsonObject get(@PathParam("id") String id) {
    return BulkViews.batch(find(batches, id, caller.principal()));
  }

  @Allowed({Role.USER})
  @POST
  @Path("{id}/cancel")
  @Operation(summary = "Cancel a batch: cancelling, then cancelled; answered results stay")
  @APIResponse(responseCode = "404", description = "No such batch")
  public JsonObject cancel(@PathParam("id") String id) {
    Batch b = find(batches, id, caller.principal());
    audit.recordAction(caller.name(), "batch.cancel", "batch", id, b.tenantId);
    return BulkViews.batch(batches.cancel(id));
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

  private static String string(JsonObject body, String field) {
    if (!(body.get(field) instanceof JsonString s) || s.getString().isBlank()) {
      throw ApiException.invalid(field, field + ": required (a string).");
    }
    return s.getString();
  }
}
