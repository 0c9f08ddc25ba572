package org.slurmllm.catalog.control;

import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import org.slurmllm.catalog.entity.Model;
import org.slurmllm.catalog.entity.ModelDefinition;
import org.slurmllm.catalog.entity.ModelDefinition.Container;
import org.slurmllm.catalog.entity.ModelDefinition.Resources;
import org.slurmllm.catalog.entity.ModelDefinition.Scaling;
import org.slurmllm.catalog.entity.TribunalRecipe;

/**
 * Fills what a definition leaves out. A vLLM model gets one GPU and room for real weights; a CPU
 * engine gets no GPU and little memory. Scaling starts at zero replicas, so a new model costs
 * nothing until its first request. An onnx model embeds with the worker's built-in model.
 */
public final class ModelDefaults {

  static final int TIME_LIMIT_MINUTES = 240;
  static final int CONTEXT_LENGTH = 4096;
  static final int MAX_REPLICAS = 1;
  static final int TARGET_CONCURRENCY = 16;
  static final int IDLE_MINUTES = 30;

  /** The sentence-embedding model the worker's onnx engine carries (LangChain4j's build). */
  public static final String ONNX_WEIGHTS = "all-minilm-l6-v2";

  private ModelDefaults() {}

  public static ModelDefinition complete(ModelDefinition in) {
    boolean gpuEngine = "vllm".equals(in.engine());
    Resources r =
        Objects.requireNonNullElse(
            in.resources(), new Resources(null, null, null, null, null, null, null, null, null));
    Resources resources =
        new Resources(
            or(r.gpus(), gpuEngine ? 1 : 0),
            or(r.cpus(), gpuEngine ? 8 : 1),
            or(r.memoryGb(), gpuEngine ? 64 : 2),
            r.partition(),
            r.account(),
            r.qos(),
            r.constraint(),
            or(r.timeLimitMinutes(), TIME_LIMIT_MINUTES),
            or(r.nodes(), 1));
    Scaling s = Objects.requireNonNullElse(in.scaling(), new Scaling(null, null, null, null));
    int min = or(s.minReplicas(), 0);
    Scaling scaling =
        new Scaling(
            min,
            or(s.maxReplicas(), Math.max(min, MAX_REPLICAS)),
            or(s.targetConcurrency(), TARGET_CONCURRENCY),
            or(s.idleMinutes(), IDLE_MINUTES));
    return new ModelDefinition(
        in.name(),
        in.engine(),
        in.weights() == null && "onnx".equals(in.engine()) ? ONNX_WEIGHTS : in.weights(),
        null, // folded into the container
        in.engineArgs() == null ? List.of() : List.copyOf(in.engineArgs()),
        resources,
        scaling,
        or(in.contextLength(), CONTEXT_LENGTH),
        in.tenants() == null ? List.of() : List.copyOf(new TreeSet<>(in.tenants())),
        in.createdAt(),
        in.updatedAt(),
        in.status(),
        in.task() != null ? in.task() : "onnx".equals(in.engine()) ? Model.EMBED : Model.GENERATE,
        container(in),
        recipe(in.tribunal()));
  }

  /** A recipe with its defaults: one round, best answer, quorum 2 (or the panel), 256 tokens. */
  static TribunalRecipe recipe(TribunalRecipe r) {
    if (r == null) {
      return null;
    }
    return new TribunalRecipe(
        r.panel(),
        r.judges(),
        or(r.rounds(), 1),
        r.aggregation() == null ? "best" : r.aggregation(),
        r.aggregator() != null ? r.aggregator() : r.judges().get(0),
        r.rubric(),
        or(r.quorum(), Math.min(2, r.panel().size())),
        r.earlyStopScore(),
        or(r.maxTokens(), 256),
        r.systemMessage() == null ? "rubric" : r.systemMessage(),
        r.agreement());
  }

  /** The container; the deprecated {@code image} alone stands for an Apptainer image. */
  static Container container(ModelDefinition in) {
    if (in.container() != null || in.image() == null || in.image().isBlank()) {
      return in.container();
    }
    return new Container("apptainer", in.image());
  }

  private static int or(Integer value, int fallback) {
    return value == null ? fallback : value;
  }
}
