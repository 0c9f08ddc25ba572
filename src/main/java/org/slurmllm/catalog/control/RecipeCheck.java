package org.slurmllm.catalog.control;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slurmllm.catalog.entity.Model;
import org.slurmllm.catalog.entity.ModelDefinition;
import org.slurmllm.catalog.entity.TribunalRecipe;
import org.slurmllm.rest.FieldProblems;

/**
 * What a tribunal recipe must be in the catalog as it is: a recipe for engine {@code tribunal} and
 * only for it; every member there and generating; no recipe containing itself, directly or through
 * another (a tribunal that waits for itself never ends); a quorum the panel can reach. A pure
 * function of the definition and a lookup of the catalog's models.
 */
public final class RecipeCheck {

  private RecipeCheck() {}

  public static void check(
      ModelDefinition d, Function<String, Optional<Model>> models, FieldProblems problems) {
    boolean isTribunal = TribunalRecipe.ENGINE.equals(d.engine());
    TribunalRecipe r = d.tribunal();
    if (isTribunal && r == null) {
      problems.add("tribunal", "tribunal: engine tribunal needs its recipe (panel, judges, ...)");
      return;
    }
    if (!isTribunal) {
      if (r != null) {
        problems.add("tribunal", "tribunal: only a model of engine tribunal has a recipe");
      }
      return;
    }
    members(r.panel(), "tribunal.panel", d.name(), models, problems);
    members(r.judges(), "tribunal.judges", d.name(), models, problems);
    if (r.aggregator() != null) {
      members(List.of(r.aggregator()), "tribunal.aggregator", d.name(), models, problems);
    }
    if (r.quorum() != null && r.quorum() > r.panel().size()) {
      problems.add(
          "tribunal.quorum",
          "tribunal.quorum: at most the panel's size (" + r.panel().size() + ")");
    }
  }

  private static void members(
      List<String> names,
      String field,
      String recipe,
      Function<String, Optional<Model>> models,
      FieldProblems problems) {
    for (int i = 0; i < names.size(); i++) {
      String at = names.size() == 1 && field.endsWith("aggregator") ? field : field + "[" + i + "]";
      String name = names.get(i);
      Optional<Model> member = models.apply(name);
      if (name.equals(recipe)) {
        problems.add(at, at + ": a recipe cannot contain itself");
      } else if (member.isEmpty()) {
        problems.add(at, at + ": no model named '" + name + "'");
      } else if (Model.EMBED.equals(member.get().task)) {
        problems.add(at, at + ": '" + name + "' embeds text; a tribunal's members generate");
      } else if (contains(member.get(), recipe, models)) {
        problems.add(
            at, at + ": '" + name + "' is a recipe that contains '" + recipe + "' (a circle)");
      }
    }
  }

  /** Whether the model is a recipe that calls {@code name}, directly or through other recipes. */
  static boolean contains(Model model, String name, Function<String, Optional<Model>> models) {
    Deque<Model> open = new ArrayDeque<>(List.of(model));
    Set<String> seen = new HashSet<>();
    while (!open.isEmpty()) {
      Model m = open.pop();
      if (!m.isTribunal() || !seen.add(m.name) || m.tribunal == null) {
        continue;
      }
      for (String member : recipe(m).members()) {
        if (member.equals(name)) {
          return true;
        }
        models.apply(member).ifPresent(open::push);
      }
    }
    return false;
  }

  private static final jakarta.json.bind.Jsonb JSONB = jakarta.json.bind.JsonbBuilder.create();

  static TribunalRecipe recipe(Model m) {
    return JSONB.fromJson(m.tribunal, TribunalRecipe.class);
  }
}
