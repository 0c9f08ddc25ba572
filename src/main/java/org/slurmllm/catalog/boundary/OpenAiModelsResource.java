package org.slurmllm.catalog.boundary;

import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.slurmllm.access.boundary.Allowed;
import org.slurmllm.access.boundary.Caller;
import org.slurmllm.access.entity.Role;
import org.slurmllm.catalog.entity.Model;
import org.slurmllm.catalog.entity.ModelInternals;
import org.slurmllm.rest.ApiError;

/**
 * OpenAI's model listing, as the SDKs' {@code models.list()} and {@code models.retrieve()} read it.
 */
@Path("/v1/models")
@Tag(name = "OpenAI", description = "OpenAI-compatible API.")
@Produces(MediaType.APPLICATION_JSON)
@Allowed({Role.USER, Role.AUDITOR})
public class OpenAiModelsResource {

  static final String OWNER = "slurm-llm";

  @Inject ModelCatalog catalog;
  @Inject Caller caller;

  @GET
  @Operation(summary = "List models (OpenAI format)")
  @APIResponse(
      responseCode = "200",
      content = @Content(schema = @Schema(implementation = OpenAiModelList.class)))
  public OpenAiModelList list() {
    List<OpenAiModel> data =
        catalog.visibleTo(caller.principal()).stream().map(OpenAiModelsResource::toOpenAi).toList();
    return new OpenAiModelList("list", data);
  }

  @GET
  @Path("{model}")
  @Operation(summary = "Retrieve a model (OpenAI format)")
  @APIResponse(
      responseCode = "200",
      content = @Content(schema = @Schema(implementation = OpenAiModel.class)))
  @APIResponse(
      responseCode = "404",
      description = "Unknown model",
      content = @Content(schema = @Schema(implementation = ApiError.class)))
  public OpenAiModel get(@PathParam("model") String name) {
    return toOpenAi(catalog.getVisible(name, caller.principal()));
  }

  static OpenAiModel toOpenAi(Model m) {
    return new OpenAiModel(
        m.name,
        "model",
        m.createdAt.getEpochSecond(),
        OWNER,
        m.servingStatus,
        ModelInternals.hide(m, m.servingMessage),
        m.contextLength,
        m.task);
  }

  /**
   * OpenAI's model object ({@code created} in Unix seconds), plus what a client wants to know
   * before sending: whether the model is serving now or will start on demand, and its context
   * length, and whether it generates or embeds. The SDKs ignore fields they do not know.
   */
  @Schema(name = "OpenAiModel")
  public record OpenAiModel(
      @Schema(example = "llama-3.1-8b") String id,
      @Schema(example = "model") String object,
      @Schema(example = "1732350000") long created,
      @JsonbProperty("owned_by") @Schema(example = "slurm-llm") String ownedBy,
      @Schema(
              description =
                  "idle (no replica; the first request starts one), starting, serving, or"
                      + " backoff (replicas keep failing; see status_message)",
              enumeration = {"idle", "starting", "serving", "backoff"},
              example = "serving")
          String status,
      @JsonbProperty("status_message")
          @Schema(description = "Why the model is in its status, when there is more to say.")
          String statusMessage,
      @JsonbProperty("context_length") @Schema(example = "8192") int contextLength,
      @Schema(
              description = "generate (chat and completions) or embed (/v1/embeddings)",
              enumeration = {"generate", "embed"},
              example = "generate")
          String task) {}

  @Schema(name = "OpenAiModelList")
  public record OpenAiModelList(@Schema(example = "list") String object, List<OpenAiModel> data) {}
}
