package org.slurmllm.catalog.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.slurmllm.catalog.entity.Engine;
import org.slurmllm.catalog.entity.Model;
import org.slurmllm.catalog.entity.ModelDefinition;
import org.slurmllm.catalog.entity.TribunalRecipe;
import org.slurmllm.rest.FieldProblems;

class RecipeCheckTest {

  final Map<String, Model> catalog = new HashMap<>();

  Model model(String name, Engine engine, String task, TribunalRecipe recipe) {
    Model m = new Model();
    m.name = name;
    m.engine = engine;
    m.task = task;
    m.tribunal = recipe == null ? null : jakarta.json.bind.JsonbBuilder.create().toJson(recipe);
    catalog.put(name, m);
    return m;
  }

  static TribunalRecipe recipe(List<String> panel, List<String> judges) {
    return new TribunalRecipe(panel, judges, 1, "best", null, null, null, null, null, null, null);
  }

  static ModelDefinition definition(String name, String engine, TribunalRecipe recipe) {
    return new ModelDefinition(
        name, engine, null, null, null, null, null, null, null, null, null, null, null, null,
        recipe);
  }

  FieldProblems check(ModelDefinition d) {
    FieldProblems problems = new FieldProblems();
    RecipeCheck.check(d, name -> Optional.ofNullable(catalog.get(name)), problems);
    return problems;
  }

  @Test
  void membersMustExistAndGenerate() {
    model("a", Engine.SIM, Model.GENERATE, null);
    model("e", Engine.SIM, Model.EMBED, null);
    FieldProblems p =
        check(definition("t", "tribunal", recipe(List.of("a", "gone"), List.of("e"))));
    assertEquals("tribunal.panel[1],tribunal.judges[0]", p.params());
    assertTrue(p.message().contains("no model named 'gone'"), p.message());
    assertTrue(p.message().contains("embeds"), p.message());
    assertTrue(check(definition("t", "tribunal", recipe(List.of("a"), List.of("a")))).isEmpty());
  }

  @Test
  void noRecipeContainsItselfDirectlyOrThroughAnother() {
    model("a", Engine.SIM, Model.GENERATE, null);
    model("inner", Engine.TRIBUNAL, Model.GENERATE, recipe(List.of("a", "outer"), List.of("a")));
    FieldProblems direct =
        check(definition("outer", "tribunal", recipe(List.of("outer"), List.of("a"))));
    assertTrue(direct.message().contains("cannot contain itself"), direct.message());
    FieldProblems through =
        check(definition("outer", "tribunal", recipe(List.of("a", "inner"), List.of("a"))));
    assertEquals("tribunal.panel[1]", through.params());
    assertTrue(through.message().contains("circle"), through.message());
  }

  @Test
  void aRecipeBelongsToEngineTribunalOnly() {
    model("a", Engine.SIM, Model.GENERATE, null);
    assertEquals("tribunal", check(definition("t", "tribunal", null)).params());
    assertEquals(
        "tribunal", check(definition("s", "sim", recipe(List.of("a"), List.of("a")))).params());
    assertEquals(
        "tribunal.quorum",
        check(
                definition(
                    "t",
                    "tribunal",
                    new TribunalRecipe(
                        List.of("a"),
                        List.of("a"),
                        1,
                        "best",
                        null,
                        null,
                        2,
                        null,
                        null,
                        null,
                        null)))
            .params());
  }
}
