package org.slurmllm.tribunal.entity;

import static org.slurmllm.rest.JsonP.JSON;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.slurmllm.rest.ApiException;

/** A checked tribunal request: every wrong field is a 400 that names it. */
public record TribunalRequest(
    String prompt,
    List<String> panel,
    List<String> judges,
    int rounds,
    String aggregation,
    String aggregator,
    String rubric,
    int quorum,
    Double earlyStopScore,
    int maxTokens) {

  static final Set<String> AGGREGATIONS = Set.of("best", "synthesize", "vote");

  public static TribunalRequest of(JsonObject json, Predicate<String> modelExists) {
    if (json == null) {
      throw ApiException.invalid(null, "A JSON body is required.");
    }
    if (!(json.get("prompt") instanceof JsonString prompt) || prompt.getString().isBlank()) {
      throw ApiException.invalid("prompt", "prompt: the question, a non-empty string.");
    }
    List<String> panel = models(json, "panel", modelExists);
    List<String> judges = models(json, "judges", modelExists);
    int rounds = integer(json, "rounds", 1);
    if (rounds < 1 || rounds > 5) {
      throw ApiException.invalid("rounds", "rounds: from 1 to 5.");
    }
    String aggregation = json.getString("aggregation", "best");
    if (!AGGREGATIONS.contains(aggregation)) {
      throw ApiException.invalid("aggregation", "aggregation: best, synthesize or vote.");
    }
    String aggregator = json.getString("aggregator", judges.get(0));
    if (!modelExists.test(aggregator)) {
      throw ApiException.invalid(
          "aggregator", "aggregator: no model named " + aggregator + " that generates text.");
    }
    int quorum = integer(json, "quorum", Math.min(2, panel.size()));
    if (quorum < 1 || quorum > panel.size()) {
      throw ApiException.invalid(
          "quorum", "quorum: from 1 to the panel's size (" + panel.size() + ").");
    }
    Double earlyStop = null;
    if (json.get("earlyStopScore") instanceof JsonNumber n) {
      earlyStop = n.doubleValue();
      if (earlyStop < 0 || earlyStop > 10) {
        throw ApiException.invalid("earlyStopScore", "earlyStopScore: from 0 to 10.");
      }
    } else if (json.containsKey("earlyStopScore") && json.get("earlyStopScore") != JsonValue.NULL) {
      throw ApiException.invalid("earlyStopScore", "earlyStopScore: a number from 0 to 10.");
    }
    int maxTokens = integer(json, "maxTokens", 256);
    if (maxTokens < 1 || maxTokens > 32768) {
      throw ApiException.invalid("maxTokens", "maxTokens: from 1 to 32768.");
    }
    return new TribunalRequest(
        prompt.getString(),
        panel,
        judges,
        rounds,
        aggregation,
        aggregator,
        json.getString("rubric", null),
        quorum,
        earlyStop,
        maxTokens);
  }

  private static List<String> models(JsonObject json, String field, Predicate<String> exists) {
    if (!(json.get(field) instanceof JsonArray array) || array.isEmpty()) {
      throw ApiException.invalid(field, field + ": a non-empty list of model names.");
    }
    List<String> names =
        array.stream().map(v -> v instanceof JsonString s ? s.getString() : null).toList();
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      if (name == null || !exists.test(name)) {
        throw ApiException.invalid(
            field + "[" + i + "]",
            field + "[" + i + "]: no model named " + array.get(i) + " that generates text.");
      }
    }
    if (Set.copyOf(names).size() != names.size()) {
      throw ApiException.invalid(field, field + ": a model may appear only once.");
    }
    return names;
  }

  private static int integer(JsonObject json, String field, int otherwise) {
    JsonValue v = json.get(field);
    if (v == null || v == JsonValue.NULL) {
      return otherwise;
    }
    if (v instanceof JsonNumber n && n.isIntegral()) {
      return n.intValue();
    }
    throw ApiException.invalid(field, field + ": a whole number.");
  }

  /** The request as stored with the tribunal. */
  public String toJson() {
    var b =
        JSON.createObjectBuilder()
            .add("prompt", prompt)
            .add("panel", JSON.createArrayBuilder(panel))
            .add("judges", JSON.createArrayBuilder(judges))
            .add("rounds", rounds)
            .add("aggregation", aggregation)
            .add("aggregator", aggregator)
            .add("quorum", quorum)
            .add("maxTokens", maxTokens);
    if (rubric != null) {
      b.add("rubric", rubric);
    }
    if (earlyStopScore != null) {
      b.add("earlyStopScore", earlyStopScore);
    }
    return b.build().toString();
  }
}
