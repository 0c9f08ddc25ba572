package org.slurmllm.bulk.boundary;

import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.nio.file.Files;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.slurmllm.access.boundary.Allowed;
import org.slurmllm.access.boundary.Caller;
import org.slurmllm.access.entity.Role;
import org.slurmllm.bulk.control.BulkSettings;
import org.slurmllm.bulk.control.FileStore;
import org.slurmllm.bulk.entity.StoredFile;
import org.slurmllm.rest.ApiError;
import org.slurmllm.rest.ApiException;

/**
 * OpenAI's Files API for batch input and output, one file at a time (uploads and the list are
 * {@link FileUploadServlet}'s). A download streams from the shared directory.
 */
@Path("/v1/files")
@Tag(name = "OpenAI", description = "OpenAI-compatible API.")
@Produces(MediaType.APPLICATION_JSON)
public class FilesResource {

  @Inject FileStore files;
  @Inject BulkSettings settings;
  @Inject Caller caller;

  @Allowed({Role.USER, Role.AUDITOR})
  @GET
  @Path("{id}")
  @Operation(summary = "Retrieve a file object")
  @APIResponse(
      responseCode = "200",
      description = "The file object",
      content = @Content(schema = @Schema(implementation = FileObject.class)))
  @APIResponse(
      responseCode = "404",
      description = "No such file",
      content = @Content(schema = @Schema(implementation = ApiError.class)))
  public FileObject get(@PathParam("id") String id) {
    return FileObject.of(find(id));
  }

  @Allowed({Role.USER, Role.AUDITOR})
  @GET
  @Path("{id}/content")
  @Produces(MediaType.WILDCARD)
  @Operation(summary = "Download a file's content (streamed)")
  @APIResponse(
      responseCode = "200",
      description = "The file as uploaded or written (JSONL)",
      content =
          @Content(mediaType = "application/jsonl", schema = @Schema(type = SchemaType.STRING)))
  @APIResponse(
      responseCode = "404",
      description = "No such file",
      content = @Content(schema = @Schema(implementation = ApiError.class)))
  public Response content(@PathParam("id") String id) {
    StoredFile f = find(id);
    java.nio.file.Path path = java.nio.file.Path.of(f.path);
    StreamingOutput body = out -> Files.copy(path, out);
    return Response.ok(body, "application/jsonl")
        .header("Content-Length", f.bytes)
        .header("Content-Disposition", "attachment; filename=\"" + f.filename + "\"")
        .build();
  }

  @Allowed({Role.USER})
  @DELETE
  @Path("{id}")
  @Operation(summary = "Delete a file")
  @APIResponse(
      responseCode = "200",
      description = "Deleted",
      content = @Content(schema = @Schema(implementation = FileDeleted.class)))
  @APIResponse(
      responseCode = "404",
      description = "No such file",
      content = @Content(schema = @Schema(implementation = ApiError.class)))
  public FileDeleted delete(@PathParam("id") String id) {
    find(id);
    if (!files.delete(id)) {
      throw notFound(id);
    }
    return new FileDeleted(id, "file", true);
  }

  private StoredFile find(String id) {
    // another tenant's file is as unknown as a missing one
    return files
        .find(id)
        .filter(f -> caller.principal().sees(f.tenantId))
        .orElseThrow(() -> notFound(id));
  }

  static ApiException notFound(String id) {
    return new ApiException(
        Response.Status.NOT_FOUND,
        "invalid_request_error",
        "file_not_found",
        "file_id",
        "No such file: " + id);
  }
}
