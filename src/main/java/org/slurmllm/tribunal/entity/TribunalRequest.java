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
import org.slurmllm.rest.FieldProblems;

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
    int maxTokens,
    Double agreement,
    Double temperature,
    String serviceTier) {

  static final Set<String> AGGREGATIONS = Set.of("best", "synthesize", "vote");

  /** Checked: every wrong field, each within the limits, named in one 400. */
  public static TribunalRequest of(
      JsonObject json, Predicate<String> modelExists, TribunalLimits limits) {
    if (json == null) {
      throw ApiException.invalid(null, "A JSON body is required.");
    }
    FieldProblems problems = new FieldProblems();
    String prompt = null;
    if (!(json.get("prompt") instanceof JsonString p) || p.getString().isBlank()) {
      problems.add("prompt", "prompt: the question, a non-empty string");
    } else if (tooLong(p.getString(), limits.maxPromptBytes())) {
      problems.add("prompt", "prompt: at most " + limits.maxPromptBytes() + " bytes (UTF-8)");
    } else {
      prompt = p.getString();
    }
    List<String> panel = models(json, "panel", modelExists, limits.maxPanel(), problems);
    List<String> judges = models(json, "judges", modelExists, limits.maxPanel(), problems);
    Integer rounds = integer(json, "rounds", 1, problems);
    if (rounds != null && (rounds < 1 || rounds > limits.maxRounds())) {
      problems.add("rounds", "rounds: from 1 to " + limits.maxRounds());
    }
    String aggregation = json.getString("aggregation", "best");
    if (!AGGREGATIONS.contains(aggregation)) {
      problems.add("aggregation", "aggregation: best, synthesize or vote");
    }
    String aggregator = json.getString("aggregator", judges == null ? null : judges.get(0));
    if (aggregator != null && !modelExists.test(aggregator)) {
      problems.add(
          "aggregator", "aggregator: no model named " + aggregator + " that generates text");
    }
    Integer quorum =
        integer(json, "quorum", panel == null ? 1 : Math.min(2, panel.size()), problems);
    if (quorum != null && panel != null && (quorum < 1 || quorum > panel.size())) {
      problems.add("quorum", "quorum: from 1 to the panel's size (" + panel.size() + ")");
    }
    Double earlyStop = null;
    if (json.get("earlyStopScore") instanceof JsonNumber n) {
      earlyStop = n.doubleValue();
      if (earlyStop < 0 || earlyStop > 10) {
        problems.add("earlyStopScore", "earlyStopScore: from 0 to 10");
      }
    } else if (json.containsKey("earlyStopScore") && json.get("earlyStopScore") != JsonValue.NULL) {
      problems.add("earlyStopScore", "earlyStopScore: a number from 0 to 10");
    }
    Double agreement = null;
    if (json.get("agreement") instanceof JsonNumber n) {
      agreement = n.doubleValue();
      if (agreement < 0 || agreement > 10) {
        problems.add("agreement", "agreement: from 0 to 10");
      }
    } else if (json.containsKey("agreement") && json.get("agreement") != JsonValue.NULL) {
      problems.add("agreement", "agreement: a number from 0 to 10");
    }
    Double temperature = null;
    if (json.get("temperature") instanceof JsonNumber n) {
      temperature = n.doubleValue();
      if (temperature < 0 || temperature > 2) {
        problems.add("temperature", "temperature: from 0 to 2");
      }
    } else if (json.containsKey("temperature") && json.get("temperature") != JsonValue.NULL) {
      problems.add("temperature", "temperature: a number from 0 to 2");
    }
    String serviceTier = json.getString("serviceTier", null);
    Integer maxTokens = integer(json, "maxTokens", 256, problems);
    if (maxTokens != null && (maxTokens < 1 || maxTokens > 32768)) {
      problems.add("maxTokens", "maxTokens: from 1 to 32768");
    }
    String rubric = json.getString("rubric", null);
    if (rubric != null && tooLong(rubric, limits.maxPromptBytes())) {
      problems.add("rubric", "rubric: at most " + limits.maxPromptBytes() + " bytes (UTF-8)");
    }
    if (!problems.isEmpty()) {
      // every bad field in param, as the other admin API's 400s do (the console marks them all)
      throw ApiException.invalid(problems.params(), problems.message(), problems.fields());
    }
    return new TribunalRequest(
        prompt,
        panel,
        judges,
        rounds,
        aggregation,
        aggregator,
        rubric,
        quorum,
        earlyStop,
        maxTokens,
        agreement,
        temperature,
        serviceTier);
  }

  /**
   * Whether the text is longer than the bound in UTF-8, counted without encoding it (a prompt may
   * be megabytes) and stopping as soon as it is over.
   */
  static boolean tooLong(String text, int maxBytes) {
    if (text.length() > maxBytes) {
      return true; // every char is at least one byte
    }
    long bytes = 0;
    for (int i = 0; i < text.length() && bytes <= maxBytes; i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes > maxBytes;
  }

  private static List<String> models(
      JsonObject json, String field, Predicate<String> exists, int most, FieldProblems problems) {
    if (!(json.get(field) instanceof JsonArray array) || array.isEmpty()) {
      problems.add(field, field + ": a non-empty list of model names");
      return null;
    }
    if (array.size() > most) {
      problems.add(field, field + ": at most " + most + " models");
      return null;
    }
    List<String> names =
        array.stream().map(v -> v instanceof JsonString s ? s.getString() : null).toList();
    boolean ok = true;
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      if (name == null || !exists.test(name)) {
        problems.add(
            field + "[" + i + "]",
            field + "[" + i + "]: no model named " + array.get(i) + " that generates text");
        ok = false;
      }
    }
    if (ok && Set.copyOf(names).size() != names.size()) {
      problems.add(field, field + ": a model may appear only once");
      ok = false;
    }
    return ok ? names : null;
  }

  private static Integer integer(
      JsonObject json, String field, int otherwise, FieldProblems problems) {
    JsonValue v = json.get(field);
    if (v == null || v == JsonValue.NULL) {
      return otherwise;
    }
    if (v instanceof JsonNumber n && n.isIntegral()) {
      // a number too big for an int is out of every range: keep it out of range, not wrapped
      return n.bigIntegerValue().bitLength() < 32 ? n.intValue() : Integer.MAX_VALUE;
    }
    problems.add(field, field + ": a whole number");
    return null;
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
    if (agreement != null) {
      b.add("agreement", agreement);
    }
    if (temperature != null) {
      b.add("temperature", temperature);
    }
    if (serviceTier != null) {
      b.add("serviceTier", serviceTier);
    }
    return b.build().toString();
  }
}
