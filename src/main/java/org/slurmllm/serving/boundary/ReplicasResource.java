package org.slurmllm.serving.boundary;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.slurmllm.access.boundary.Allowed;
import org.slurmllm.access.boundary.Caller;
import org.slurmllm.access.entity.Role;
import org.slurmllm.catalog.boundary.ModelCatalog;
import org.slurmllm.catalog.entity.Model;
import org.slurmllm.catalog.entity.ModelMapping;
import org.slurmllm.rest.ApiError;
import org.slurmllm.rest.ApiException;
import org.slurmllm.serving.control.ServingSettings;

/** A model's replicas (SLURM jobs) and its manual scale. */
@Path("/api/models/{name}/replicas")
@Tag(name = "Replicas", description = "Model servers running as SLURM jobs (admin).")
@Produces(MediaType.APPLICATION_JSON)
public class ReplicasResource {

  @Inject Caller caller;
  @Inject ModelCatalog catalog;
  @Inject Replicas replicas;
  @Inject ServingSettings settings;

  @Allowed({Role.AUDITOR})
  @GET
  @Operation(summary = "List a model's replicas, newest first, with the model's serving status")
  @APIResponse(
      responseCode = "200",
      content = @Content(schema = @Schema(implementation = ReplicaList.class)))
  @APIResponse(
      responseCode = "404",
      description = "Unknown model",
      content = @Content(schema = @Schema(implementation = ApiError.class)))
  public ReplicaList list(
      @PathParam("name") String name, @QueryParam("limit") @DefaultValue("50") int limit) {
    if (limit < 1 || limit > 500) {
      throw ApiException.invalid("limit", "limit: must be between 1 and 500");
    }
    Model model = catalog.getVisible(name, caller.principal());
    List<ReplicaView> data = replicas.of(name, limit).stream().map(ReplicaView::of).toList();
    return new ReplicaList("list", name, ModelMapping.toDefinition(model).status(), data);
  }

  @PUT
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Set the replica count by hand",
      description =
          "`{\"desired\": N}` with N in [0, maxReplicas] overrides the autoscaler;"
              + " `{\"desired\": null}` returns the model to autoscaling.")
  @APIResponse(
      responseCode = "200",
      content = @Content(schema = @Schema(implementation = ReplicaList.class)))
  @APIResponse(
      responseCode = "400",
      description = "desired outside [0, maxReplicas]",
      content = @Content(schema = @Schema(implementation = ApiError.class)))
  @APIResponse(
      responseCode = "404",
      description = "Unknown model",
      content = @Content(schema = @Schema(implementation = ApiError.class)))
  public ReplicaList scale(@PathParam("name") String name, ScaleRequest request) {
    if (request == null) {
      throw ApiException.invalid("desired", "A JSON body {\"desired\": N} is required.");
    }
    catalog.overrideReplicas(name, request.desired());
    return list(name, 50);
  }

  /** The most of a log one request returns. */
  static final long MAX_LOG_BYTES = 4L * 1024 * 1024;

  @Allowed({Role.AUDITOR})
  @GET
  @Path("{id}/log")
  @Produces(MediaType.TEXT_PLAIN)
  @Operation(
      summary = "The end of a replica's job log",
      description =
          "What the replica's SLURM job wrote (its engine's start, errors, shutdown): the last"
              + " `bytes` bytes (default 65536, at most 4 MiB). Prompts are not in it: the"
              + " engines are started without request logging.")
  @APIResponse(
      responseCode = "200",
      description = "The log's end, as text",
      content = @Content(mediaType = "text/plain", schema = @Schema(type = SchemaType.STRING)))
  @APIResponse(
      responseCode = "404",
      description = "Unknown model or replica, or no log yet (the job has not started)",
      content = @Content(schema = @Schema(implementation = ApiError.class)))
  public Response log(
      @PathParam("name") String name,
      @PathParam("id") String id,
      @QueryParam("bytes") @DefaultValue("65536") String bytesText) {
    long bytes;
    try {
      bytes = Long.parseLong(bytesText);
    } catch (NumberFormatException e) {
      bytes = -1;
    }
    if (bytes < 1 || bytes > MAX_LOG_BYTES) {
      throw ApiException.invalid("bytes", "bytes: a whole number from 1 to " + MAX_LOG_BYTES);
    }
    catalog.getVisible(name, caller.principal());
    UUID replica;
    try {
      replica = UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw logNotFound("No replica " + id + " of " + name + ".");
    }
    if (replicas.of(name, replica).isEmpty()) {
      throw logNotFound("No replica " + id + " of " + name + ".");
    }
    java.nio.file.Path file = settings.logDir().resolve(replica + ".log");
    try (RandomAccessFile log = new RandomAccessFile(file.toFile(), "r")) {
      long start = Math.max(0, log.length() - bytes);
      byte[] tail = new byte[(int) (log.length() - start)];
      log.seek(start);
      log.readFully(tail);
      return Response.ok(new String(tail, StandardCharsets.UTF_8)).build();
    } catch (FileNotFoundException e) {
      throw logNotFound("No log yet for replica " + id + ": its job has not started.");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ApiException logNotFound(String message) {
    return new ApiException(
        Response.Status.NOT_FOUND, "invalid_request_error", "not_found", null, message);
  }

  /** The body of PUT .../replicas. */
  @Schema(name = "ScaleRequest")
  public record ScaleRequest(
      @Schema(
              description = "Replicas wanted; null returns to autoscaling.",
              example = "2",
              nullable = true)
          Integer desired) {}
}
