package org.slurmllm.catalog.entity;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A tribunal behind a model name (engine {@code tribunal}): who answers, who judges, how many
 * rounds, how the verdict is made. Calling the model by its name runs a tribunal on the
 * conversation; the catalog checks that its members exist and generate, and that no recipe contains
 * itself, directly or through another.
 */
@Schema(name = "TribunalRecipe", description = "The tribunal a model of engine tribunal runs.")
public record TribunalRecipe(
    @Schema(description = "Models that answer, each in every round.", example = "[\"a\", \"b\"]")
        @NotNull
        @Size(min = 1, max = 16)
        List<
                @NotNull
                @Pattern(
                    regexp = ModelDefinition.NAME_PATTERN,
                    message = "must match " + ModelDefinition.NAME_PATTERN)
                String>
            panel,
    @Schema(description = "Models that score and critique the answers.", example = "[\"b\"]")
        @NotNull
        @Size(min = 1, max = 16)
        List<
                @NotNull
                @Pattern(
                    regexp = ModelDefinition.NAME_PATTERN,
                    message = "must match " + ModelDefinition.NAME_PATTERN)
                String>
            judges,
    @Schema(description = "Rounds of answers, judgement and refinement (default 1).", example = "1")
        @Min(1)
        @Max(10)
        Integer rounds,
    @Schema(
            description = "How the verdict is made (default best).",
            enumeration = {"best", "synthesize", "vote"})
        @Pattern(regexp = "best|synthesize|vote", message = "must be best, synthesize or vote")
        String aggregation,
    @Schema(description = "The model that writes a synthesized verdict (default: the first judge).")
        @Pattern(
            regexp = ModelDefinition.NAME_PATTERN,
            message = "must match " + ModelDefinition.NAME_PATTERN)
        String aggregator,
    @Schema(description = "What the judges score by.") @Size(max = 65536) String rubric,
    @Schema(description = "Answers needed to go on (default: 2, or the panel's size if smaller).")
        @Min(1)
        @Max(16)
        Integer quorum,
    @Schema(description = "A best score that ends the rounds early (0-10).")
        @DecimalMin("0")
        @DecimalMax("10")
        Double earlyStopScore,
    @Schema(description = "Most tokens each call may generate (default 256).", example = "256")
        @Min(1)
        @Max(32768)
        Integer maxTokens,
    @Schema(
            description =
                "Where a request's system message goes: into the rubric (default) or into the"
                    + " conversation the panel answers.",
            enumeration = {"rubric", "conversation"})
        @Pattern(regexp = "rubric|conversation", message = "must be rubric or conversation")
        String systemMessage,
    @Schema(
            description =
                "A spread of the judges' scores of the best answer at most this (0-10) ends the"
                    + " rounds early: they agree.")
        @DecimalMin("0")
        @DecimalMax("10")
        Double agreement) {

  /** The engine name of models that are tribunals. */
  public static final String ENGINE = "tribunal";

  /** Every model the recipe calls: panel, judges and aggregator, each once, in that order. */
  public List<String> members() {
    java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>(panel);
    all.addAll(judges);
    if (aggregator != null) {
      all.add(aggregator);
    }
    return List.copyOf(all);
  }
}
