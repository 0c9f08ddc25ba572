package org.slurmllm.tribunal.control;

import static org.slurmllm.rest.JsonP.JSON;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import org.slurmllm.catalog.entity.TribunalRecipe;

/**
 * A chat request to a tribunal recipe, made the tribunal request {@code /api/tribunals} takes: the
 * conversation as the panel's question (a lone user message as it is, else one line per message),
 * the system message in the rubric unless the recipe puts it in the conversation, and the request's
 * {@code max_tokens} bounding each call under the recipe's own bound. A pure function.
 */
public final class RecipeRequest {

  private RecipeRequest() {}

  /** The tribunal request's JSON (checked afterwards by {@code TribunalRequest.of}). */
  public static JsonObject of(TribunalRecipe recipe, JsonObject chat) {
    List<String[]> turns = new ArrayList<>();
    StringBuilder system = new StringBuilder();
    boolean systemInRubric = !"conversation".equals(recipe.systemMessage());
    if (chat.get("messages") instanceof JsonArray messages) {
      for (JsonValue v : messages) {
        if (!(v instanceof JsonObject m)) {
          continue;
        }
        String role = m.getString("role", "user");
        String content = text(m.get("content"));
        if ((role.equals("system") || role.equals("developer")) && systemInRubric) {
          system.append(system.isEmpty() ? "" : "\n").append(content);
        } else {
          turns.add(new String[] {role, content});
        }
      }
    } else if (chat.get("prompt") instanceof JsonString prompt) {
      turns.add(new String[] {"user", prompt.getString()});
    }
    String question;
    if (turns.size() == 1 && turns.get(0)[0].equals("user")) {
      question = turns.get(0)[1];
    } else {
      StringBuilder lines = new StringBuilder();
      for (String[] t : turns) {
        lines.append(t[0]).append(": ").append(t[1]).append('\n');
      }
      question = lines.toString().strip();
    }
    int maxTokens = recipe.maxTokens() == null ? 256 : recipe.maxTokens();
    if (chat.get("max_completion_tokens") instanceof JsonNumber n && n.isIntegral()) {
      maxTokens = Math.min(maxTokens, n.intValue());
    } else if (chat.get("max_tokens") instanceof JsonNumber n && n.isIntegral()) {
      maxTokens = Math.min(maxTokens, n.intValue());
    }
    String rubric = join(recipe.rubric(), system.isEmpty() ? null : system.toString());
    JsonObjectBuilder r =
        JSON.createObjectBuilder()
            .add("prompt", question)
            .add("panel", JSON.createArrayBuilder(recipe.panel()))
            .add("judges", JSON.createArrayBuilder(recipe.judges()))
            .add("maxTokens", maxTokens);
    if (recipe.rounds() != null) {
      r.add("rounds", recipe.rounds());
    }
    if (recipe.aggregation() != null) {
      r.add("aggregation", recipe.aggregation());
    }
    if (recipe.aggregator() != null) {
      r.add("aggregator", recipe.aggregator());
    }
    if (recipe.quorum() != null) {
      r.add("quorum", recipe.quorum());
    }
    if (recipe.earlyStopScore() != null) {
      r.add("earlyStopScore", recipe.earlyStopScore());
    }
    if (recipe.agreement() != null) {
      r.add("agreement", recipe.agreement());
    }
    if (rubric != null) {
      r.add("rubric", rubric);
    }
    // the request's sampling and tier reach every call of the tribunal
    if (chat.get("temperature") instanceof JsonNumber t) {
      r.add("temperature", t);
    }
    if (chat.get("service_tier") instanceof JsonString tier) {
      r.add("serviceTier", tier);
    }
    return r.build();
  }

  private static String join(String a, String b) {
    if (a == null || a.isBlank()) {
      return b;
    }
    return b == null ? a : a + "\n\n" + b;
  }

  private static String text(JsonValue content) {
    if (content instanceof JsonString s) {
      return s.getString();
    }
    StringBuilder text = new StringBuilder();
    if (content instanceof JsonArray parts) {
      for (JsonValue p : parts) {
        if (p instanceof JsonObject part) {
          text.append(part.getString("text", ""));
        }
      }
    }
    return text.toString();
  }
}
