package org.slurmllm.catalog.entity;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A model as the admin API reads and writes it. Omitted fields get defaults (see {@code
 * ModelDefaults}); the timestamps are set by the server and ignored on input.
 *
 * <p>Every string that ends up in an sbatch script is restricted to a safe alphabet here, so a
 * catalog entry can never inject shell text into a job.
 */
@Schema(name = "Model", description = "A model in the catalog.")
@WeightsGivenUnlessSim
public record ModelDefinition(
    @Schema(
            description = "Unique id clients use in the `model` field.",
            example = "llama-3.1-8b",
            pattern = ModelDefinition.NAME_PATTERN)
        @NotBlank
        @Pattern(regexp = NAME_PATTERN, message = "must match " + NAME_PATTERN)
        String name,
    @Schema(
            description = "Model server to run.",
            enumeration = {"vllm", "llamacpp", "sim", "onnx", "tribunal"},
            example = "vllm")
        @NotNull
        @Pattern(
            regexp = "vllm|llamacpp|sim|onnx|tribunal",
            message = "must be one of vllm, llamacpp, sim, onnx, tribunal")
        String engine,
    @Schema(
            description = "Path on the cluster or repository id of the weights; not for sim.",
            example = "/models/Meta-Llama-3.1-8B-Instruct")
        @Size(max = 1024)
        @Pattern(regexp = SAFE_TEXT, message = "must not contain quotes, $, ` or line breaks")
        String weights,
    @Schema(
            description =
                "Deprecated: an Apptainer image, the same as container {\"runtime\":\"apptainer\","
                    + " \"image\": ...}; read back as container.",
            example = "/images/vllm-0.8.sif",
            deprecated = true)
        @Size(max = 1024)
        @Pattern(regexp = SAFE_TEXT, message = "must not contain quotes, $, ` or line breaks")
        String image,
    @Schema(
            description = "Extra command-line arguments for the engine.",
            example = "[\"--max-model-len\", \"8192\"]")
        @Size(max = 64)
        List<
                @NotNull @Size(max = 1024)
                @Pattern(
                    regexp = SAFE_TEXT,
                    message = "must not contain quotes, $, ` or line breaks")
                String>
            engineArgs,
    @Valid Resources resources,
    @Valid Scaling scaling,
    @Schema(description = "Maximum tokens of prompt plus completion.", example = "8192")
        @Positive
        @Max(10_000_000)
        Integer contextLength,
    @Schema(
            description = "Tenants that may see and use the model; empty or absent: every tenant.",
            example = "[\"physics\"]")
        @Size(max = 1000)
        List<
                @NotNull @Pattern(regexp = NAME_PATTERN, message = "must match " + NAME_PATTERN)
                String>
            tenants,
    @Schema(readOnly = true) Instant createdAt,
    @Schema(readOnly = true) Instant updatedAt,
    @Schema(readOnly = true, description = "What the cluster is doing with the model now.")
        ServingStatus status,
    @Schema(
            description =
                "What the model does: generate (chat and completions, the default) or embed"
                    + " (/v1/embeddings; engine onnx embeds only).",
            enumeration = {"generate", "embed"},
            example = "generate")
        @Pattern(regexp = "generate|embed", message = "must be generate or embed")
        String task,
    @Schema(description = "The container the model's server runs in; absent: none.") @Valid
        Container container,
    @Schema(
            description =
                "Engine tribunal only: the panel, judges and rules of the tribunal the model"
                    + " runs.")
        @Valid
        TribunalRecipe tribunal) {

  public static final String NAME_PATTERN = "[a-z0-9][a-z0-9._-]{0,63}";
  static final String SAFE_TEXT = "[^\"'`$\\\\\\r\\n]*";
  static final String SLURM_NAME = "[A-Za-z0-9._-]{1,64}";

  /**
   * The container a model's server runs in, in its replicas and batch chunks alike. The image is a
   * word on podman's command line: one starting with a dash would be read as an option. podman: the
   * job runs the image with the node's podman (host network, the job's directories, memory, CPUs
   * and GPUs passed explicitly, stopped with the job); apptainer: {@code apptainer exec --nv}.
   */
  @Schema(name = "ModelContainer")
  public record Container(
      @Schema(
              description = "What runs the image on the node.",
              enumeration = {"podman", "apptainer"},
              example = "podman")
          @NotNull
          @Pattern(regexp = "podman|apptainer", message = "must be podman or apptainer")
          String runtime,
      @Schema(
              description =
                  "The image: podman's name (e.g. localhost/slurmllm-runtime:...) or an Apptainer"
                      + " .sif path.",
              example = "localhost/vllm:0.8")
          @NotBlank
          @Size(max = 1024)
          @Pattern(
              regexp = "(?!-)" + SAFE_TEXT,
              message = "must not start with - nor contain quotes, $, ` or line breaks")
          String image) {}

  /** What one replica asks SLURM for. */
  @Schema(name = "ModelResources")
  public record Resources(
      @Schema(description = "GPUs per replica (--gres=gpu:N).", example = "1")
          @PositiveOrZero
          @Max(64)
          Integer gpus,
      @Schema(description = "CPUs per replica.", example = "8") @Positive @Max(1024) Integer cpus,
      @Schema(description = "Memory per replica in GB.", example = "64") @Positive @Max(65536)
          Integer memoryGb,
      @Schema(example = "gpu") @Pattern(regexp = SLURM_NAME, message = "must match " + SLURM_NAME)
          String partition,
      @Schema(example = "llm-team")
          @Pattern(regexp = SLURM_NAME, message = "must match " + SLURM_NAME)
          String account,
      @Schema(example = "normal")
          @Pattern(regexp = SLURM_NAME, message = "must match " + SLURM_NAME)
          String qos,
      @Schema(description = "SLURM feature constraint.", example = "a100&ib")
          @Pattern(
              regexp = "[A-Za-z0-9._&|,*!:()\\[\\]-]{1,256}",
              message = "must be a SLURM constraint expression")
          String constraint,
      @Schema(description = "Walltime of one replica job.", example = "240") @Positive @Max(525_600)
          Integer timeLimitMinutes,
      @Schema(
              description =
                  "Nodes one replica spans (default 1); GPUs, CPUs and memory are per node. A"
                      + " vllm replica runs a Ray cluster over them (pipeline parallel over nodes,"
                      + " tensor parallel within); a sim replica runs one shard on each.",
              example = "1")
          @Positive
          @Max(64)
          Integer nodes) {}

  /** How many replicas, and when to add or remove one. */
  @Schema(name = "ModelScaling")
  @MaxNotBelowMin
  public record Scaling(
      @Schema(example = "0") @PositiveOrZero @Max(1000) Integer minReplicas,
      @Schema(example = "2") @Positive @Max(1000) Integer maxReplicas,
      @Schema(description = "In-flight requests per replica.", example = "16")
          @Positive
          @Max(100_000)
          Integer targetConcurrency,
      @Schema(description = "Idle minutes before scaling to zero (min 0 only).", example = "30")
          @PositiveOrZero
          @Max(525_600)
          Integer idleMinutes) {}

  /** The same definition under another name; PUT takes the name from its path. */
  public ModelDefinition withName(String newName) {
    return new ModelDefinition(
        newName,
        engine,
        weights,
        image,
        engineArgs,
        resources,
        scaling,
        contextLength,
        tenants,
        createdAt,
        updatedAt,
        status,
        task,
        container,
        tribunal);
  }

  /** The same definition with another tenant list (null: not shown). */
  public ModelDefinition withTenants(List<String> newTenants) {
    return new ModelDefinition(
        name,
        engine,
        weights,
        image,
        engineArgs,
        resources,
        scaling,
        contextLength,
        newTenants,
        createdAt,
        updatedAt,
        status,
        task,
        container,
        tribunal);
  }

  /**
   * The model's serving state, kept up to date by the reconciler: {@code idle} (no replica wanted),
   * {@code starting}, {@code serving}, {@code backoff} (replicas keep failing; the message says why
   * and when it tries again).
   */
  @Schema(name = "ServingStatus")
  public record ServingStatus(
      @Schema(
              enumeration = {"idle", "starting", "serving", "backoff"},
              example = "serving")
          String state,
      @Schema(example = "2 of 2 replicas ready") String message,
      @Schema(description = "Replicas the autoscaler (or the override) wants.", example = "2")
          int desiredReplicas,
      @Schema(
              description = "Manual replica count set by PUT .../replicas; null: autoscaling.",
              nullable = true)
          Integer replicasOverride) {}
}
