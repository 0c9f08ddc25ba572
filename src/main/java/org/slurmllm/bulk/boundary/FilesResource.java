package org.slurmllm.bulk.boundary;

import static org.slurmllm.rest.JsonP.JSON;

import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.Part;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.slurmllm.bulk.control.BulkSettings;
import org.slurmllm.bulk.control.FileStore;
import org.slurmllm.bulk.entity.StoredFile;
import org.slurmllm.rest.ApiException;

/**
 * OpenAI's Files API for batch input and output. An upload streams to the shared directory (the
 * servlet container spools a large part to disk; nothing holds a file in memory); a download
 * streams back.
 */
@Path("/v1/files")
@Tag(name = "OpenAI", description = "OpenAI-compatible API.")
@Produces(MediaType.APPLICATION_JSON)
public class FilesResource {

  @Inject FileStore files;
  @Inject BulkSettings settings;

  @POST
  @Consumes(MediaType.MULTIPART_FORM_DATA)
  @Operation(summary = "Upload a file (multipart: purpose=batch, file)")
  @APIResponse(responseCode = "200", description = "The file object")
  @APIResponse(responseCode = "400", description = "No file part, or purpose not batch")
  @APIResponse(responseCode = "413", description = "Larger than the limit")
  public JsonObject upload(@Context HttpServletRequest request)
      throws IOException, ServletException {
    Part purpose = request.getPart("purpose");
    String purposeValue =
        purpose == null ? null : new String(purpose.getInputStream().readAllBytes()).strip();
    if (!"batch".equals(purposeValue)) {
      throw ApiException.invalid("purpose", "purpose: must be 'batch'.");
    }
    Part file = request.getPart("file");
    if (file == null || file.getSubmittedFileName() == null) {
      throw ApiException.invalid("file", "file: a file part is required.");
    }
    try (InputStream in = file.getInputStream()) {
      StoredFile stored =
          files.store(in, safeName(file.getSubmittedFileName()), "batch", settings.maxBytes());
      return BulkViews.file(stored);
    } finally {
      file.delete();
    }
  }

  @GET
  @Operation(summary = "List files, newest first")
  public JsonObject list(
      @QueryParam("after") String after, @QueryParam("limit") @DefaultValue("100") int limit) {
    if (limit < 1 || limit > 10000) {
      throw ApiException.invalid("limit", "limit: must be between 1 and 10000.");
    }
    List<StoredFile> page = files.list(after, limit + 1);
    List<JsonObject> data = page.stream().limit(limit).map(BulkViews::file).toList();
    return BulkViews.list(data, page.size() > limit);
  }

  @GET
  @Path("{id}")
  @Operation(summary = "Retrieve a file object")
  @APIResponse(responseCode = "404", description = "No such file")
  public JsonObject get(@PathParam("id") String id) {
    return BulkViews.file(find(id));
  }

  @GET
  @Path("{id}/content")
  @Produces(MediaType.APPLICATION_OCTET_STREAM)
  @Operation(summary = "Download a file's content (streamed)")
  @APIResponse(responseCode = "404", description = "No such file")
  public Response content(@PathParam("id") String id) {
    StoredFile f = find(id);
    java.nio.file.Path path = java.nio.file.Path.of(f.path);
    StreamingOutput body = out -> Files.copy(path, out);
    return Response.ok(body, "application/jsonl")
        .header("Content-Length", f.bytes)
        .header("Content-Disposition", "attachment; filename=\"" + f.filename + "\"")
        .build();
  }

  @DELETE
  @Path("{id}")
  @Operation(summary = "Delete a file")
  @APIResponse(responseCode = "404", description = "No such file")
  public JsonObject delete(@PathParam("id") String id) {
    if (!files.delete(id)) {
      throw notFound(id);
    }
    return JSON.createObjectBuilder()
        .add("id", id)
        .add("object", "file")
        .add("deleted", true)
        .build();
  }

  private StoredFile find(String id) {
    return files.find(id).orElseThrow(() -> notFound(id));
  }

  static ApiException notFound(String id) {
    return new ApiException(
        Response.Status.NOT_FOUND,
        "invalid_request_error",
        "file_not_found",
        "file_id",
        "No such file: " + id);
  }

  /** The client's file name, reduced to a safe base name (it is echoed in headers). */
  static String safeName(String name) {
    String base = name.replace('\\', '/');
    base = base.substring(base.lastIndexOf('/') + 1).replaceAll("[^A-Za-z0-9._ -]", "_");
    return base.isBlank() ? "upload.jsonl" : base.length() > 200 ? base.substring(0, 200) : base;
  }
}
