package org.slurmllm.tribunal.boundary;

import static org.slurmllm.rest.JsonP.JSON;

import jakarta.json.JsonValue;
import jakarta.json.bind.annotation.JsonbNillable;
import java.io.StringReader;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.slurmllm.tribunal.entity.TribunalStep;

/** One model call of a tribunal, as the transcript and the step events show it. */
@Schema(name = "TribunalStep")
@JsonbNillable
public record TribunalStepView(
    @Schema(example = "1") int round,
    @Schema(enumeration = {"proposer", "judge", "aggregator"}) String role,
    String model,
    @Schema(description = "The replica that answered.") String replica,
    String prompt,
    String output,
    @Schema(
            type = SchemaType.ARRAY,
            description = "A judge's scores: [{model, score, critique}]; null for other roles.")
        JsonValue scores,
    Long latencyMs,
    Integer promptTokens,
    Integer completionTokens,
    @Schema(description = "Why the call failed.") String error,
    Instant at) {

  static TribunalStepView of(TribunalStep s) {
    return new TribunalStepView(
        s.round,
        s.role,
        s.model,
        s.replicaId == null ? null : s.replicaId.toString(),
        s.prompt,
        s.output,
        s.scores == null ? null : parse(s.scores),
        s.latencyMs,
        s.promptTokens,
        s.completionTokens,
        s.error,
        s.createdAt);
  }

  private static JsonValue parse(String json) {
    try (var r = JSON.createReader(new StringReader(json))) {
      return r.readValue();
    }
  }
}
