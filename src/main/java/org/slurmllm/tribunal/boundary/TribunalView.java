package org.slurmllm.tribunal.boundary;

import static org.slurmllm.rest.JsonP.JSON;

import jakarta.json.JsonObject;
import jakarta.json.bind.annotation.JsonbNillable;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.slurmllm.tribunal.entity.Tribunal;
import org.slurmllm.tribunal.entity.TribunalStep;

/**
 * A tribunal as the API shows it: where it stands, how many rounds ran and whether its judges ended
 * it early, its verdict, and (read alone) its transcript. Fields without a value are null.
 */
@Schema(name = "Tribunal")
@JsonbNillable
public record TribunalView(
    @Schema(example = "trb_3f9c1e2a7b5d4c6e8f0a1b2c") String id,
    @Schema(example = "tribunal") String object,
    @Schema(enumeration = {"queued", "running", "completed", "failed", "cancelled"}) String status,
    @Schema(
            type = SchemaType.OBJECT,
            description =
                "The request as accepted, defaults filled in: prompt, panel, judges, rounds,"
                    + " aggregation, aggregator, quorum, maxTokens, rubric, earlyStopScore.")
        JsonObject request,
    @Schema(description = "Rounds that ended (answered and judged).", example = "1") int roundsRun,
    @Schema(
            description =
                "Whether the judges' scores ended it before the rounds asked for (request.rounds):"
                    + " the best mean score reached earlyStopScore, or no answer's mean moved by"
                    + " more than 0.25 since the round before. Only a completed tribunal stops"
                    + " early; then roundsRun is less than request.rounds.")
        boolean stoppedEarly,
    Instant createdAt,
    Instant startedAt,
    Instant endedAt,
    @Schema(description = "Why it failed.") String error,
    @Schema(description = "The chosen answer, once completed.") Verdict verdict,
    @Schema(
            description =
                "Every model call in order: only when one tribunal is read (absent from lists and"
                    + " status events).")
        @JsonbNillable(false)
        List<TribunalStepView> steps) {

  /** The answer the tribunal settled on. */
  @Schema(name = "TribunalVerdict")
  @JsonbNillable
  public record Verdict(
      String text,
      @Schema(description = "The model that wrote it (the aggregator's when synthesized).")
          String model,
      @Schema(description = "Its mean score from the judges, 0 to 10 (0 when not scored).")
          double score) {}

  /** The tribunal alone, or with its transcript when {@code steps} is not null. */
  static TribunalView of(Tribunal t, List<TribunalStep> steps) {
    JsonObject request = parse(t.request);
    return new TribunalView(
        t.id,
        "tribunal",
        t.status,
        request,
        t.roundsRun,
        t.stoppedEarly(request.getInt("rounds", 1)),
        t.createdAt,
        t.startedAt,
        t.endedAt,
        t.error,
        t.verdictText == null
            ? null
            : new Verdict(
                t.verdictText, t.verdictModel, t.verdictScore == null ? 0 : t.verdictScore),
        steps == null ? null : steps.stream().map(TribunalStepView::of).toList());
  }

  static JsonObject parse(String json) {
    try (var r = JSON.createReader(new StringReader(json))) {
      return r.readObject();
    }
  }
}
