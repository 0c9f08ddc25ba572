package org.slurmllm.catalog.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.slurmllm.catalog.entity.ModelDefinition.Resources;
import org.slurmllm.catalog.entity.ModelDefinition.Scaling;

/** The catalog's input rules, field by field. */
class ModelDefinitionValidationTest {

  static final Validator VALIDATOR = Validation.buildDefaultValidatorFactory().getValidator();

  static Set<String> badFields(ModelDefinition m) {
    Set<ConstraintViolation<ModelDefinition>> violations = VALIDATOR.validate(m);
    return violations.stream()
        .map(v -> v.getPropertyPath().toString())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  static ModelDefinition model(String name, String engine, String weights) {
    return new ModelDefinition(
        name, engine, weights, null, null, null, null, null, null, null, null, null, null, null,
        null);
  }

  static ModelDefinition withResources(Resources r) {
    return new ModelDefinition(
        "m", "sim", null, null, null, r, null, null, null, null, null, null, null, null, null);
  }

  static ModelDefinition withScaling(Scaling s) {
    return new ModelDefinition(
        "m", "sim", null, null, null, null, s, null, null, null, null, null, null, null, null);
  }

  @Test
  void minimalSimModelIsValid() {
    assertEquals(Set.of(), badFields(model("tiny", "sim", null)));
  }

  @Test
  void namesFollowThePattern() {
    for (String good : List.of("a", "llama-3.1-8b", "x_y.z", "0" + "a".repeat(63))) {
      assertEquals(Set.of(), badFields(model(good, "sim", null)), good);
    }
    for (String bad : List.of("", "Llama", "-a", ".a", "a b", "a/b", "a".repeat(65), "ä")) {
      assertEquals(Set.of("name"), badFields(model(bad, "sim", null)), bad);
    }
    assertEquals(Set.of("name"), badFields(model(null, "sim", null)));
  }

  @Test
  void engineMustBeKnown() {
    assertEquals(Set.of("engine"), badFields(model("m", "warp-drive", null)));
    assertEquals(Set.of("engine"), badFields(model("m", null, null)));
    assertEquals(Set.of("engine"), badFields(model("m", "VLLM", "/w")));
  }

  @Test
  void weightsRequiredForRealEngines() {
    assertEquals(Set.of("weights"), badFields(model("m", "vllm", null)));
    assertEquals(Set.of("weights"), badFields(model("m", "llamacpp", " ")));
    assertEquals(Set.of(), badFields(model("m", "llamacpp", "/models/x.gguf")));
    assertEquals(Set.of(), badFields(model("m", "vllm", "meta-llama/Llama-3.1-8B-Instruct")));
  }

  @Test
  void scriptBoundTextCannotCarryShell() {
    for (String bad : List.of("/m/$(id)", "/m/`id`", "a\nb", "a'b", "a\"b", "a\\b")) {
      assertEquals(Set.of("weights"), badFields(model("m", "vllm", bad)), bad);
    }
    ModelDefinition args =
        new ModelDefinition(
            "m",
            "sim",
            null,
            null,
            List.of("--ok", "--bad;$(x)"),
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    assertEquals(Set.of("engineArgs[1].<list element>"), badFields(args));
  }

  static ModelDefinition withContainer(String runtime, String image) {
    return new ModelDefinition(
        "m",
        "sim",
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        new ModelDefinition.Container(runtime, image),
        null);
  }

  @Test
  void aContainerNamesAKnownRuntimeAndASafeImage() {
    assertEquals(Set.of(), badFields(withContainer("podman", "localhost/slurmllm-runtime:1")));
    assertEquals(Set.of(), badFields(withContainer("apptainer", "/images/vllm.sif")));
    assertEquals(Set.of("container.runtime"), badFields(withContainer("docker", "x")));
    assertEquals(Set.of("container.runtime"), badFields(withContainer(null, "x")));
    assertEquals(Set.of("container.image"), badFields(withContainer("podman", " ")));
    for (String bad : List.of("img$(id)", "img`id`", "a\nb", "a'b", "a\"b", "--privileged")) {
      assertEquals(Set.of("container.image"), badFields(withContainer("podman", bad)), bad);
    }
  }

  @Test
  void resourcesAreBounded() {
    assertEquals(
        Set.of("resources.gpus"),
        badFields(
            withResources(new Resources(-1, null, null, null, null, null, null, null, null))));
    assertEquals(
        Set.of("resources.cpus"),
        badFields(withResources(new Resources(null, 0, null, null, null, null, null, null, null))));
    assertEquals(
        Set.of("resources.memoryGb"),
        badFields(withResources(new Resources(null, null, 0, null, null, null, null, null, null))));
    assertEquals(
        Set.of("resources.timeLimitMinutes"),
        badFields(withResources(new Resources(null, null, null, null, null, null, null, 0, null))));
    assertEquals(
        Set.of("resources.partition", "resources.account", "resources.qos"),
        badFields(
            withResources(new Resources(null, null, null, "gpu;x", "a b", "", null, null, null))));
    assertEquals(
        Set.of("resources.constraint"),
        badFields(
            withResources(
                new Resources(null, null, null, null, null, null, "a100 && $(x)", null, null))));
    assertEquals(
        Set.of(),
        badFields(
            withResources(
                new Resources(
                    8, 64, 512, "gpu", "llm-team", "high", "[a100|h100]&ib", 1440, null))));
  }

  @Test
  void maxReplicasMayNotBeBelowMin() {
    assertEquals(
        Set.of("scaling.maxReplicas"), badFields(withScaling(new Scaling(3, 2, null, null))));
    assertEquals(Set.of(), badFields(withScaling(new Scaling(2, 2, null, null))));
    assertEquals(
        Set.of("scaling.maxReplicas"), badFields(withScaling(new Scaling(null, 0, null, null))));
    assertEquals(
        Set.of("scaling.minReplicas"), badFields(withScaling(new Scaling(-1, null, null, null))));
    assertEquals(
        Set.of("scaling.targetConcurrency"),
        badFields(withScaling(new Scaling(null, null, 0, null))));
    assertEquals(
        Set.of("scaling.idleMinutes"), badFields(withScaling(new Scaling(null, null, null, -5))));
  }

  @Test
  void everyBadFieldIsReportedAtOnce() {
    ModelDefinition m =
        new ModelDefinition(
            "Bad!",
            "warp",
            null,
            null,
            null,
            new Resources(-1, null, null, null, null, null, null, null, null),
            new Scaling(3, 2, null, null),
            0,
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    assertTrue(
        badFields(m)
            .containsAll(
                Set.of(
                    "name", "engine", "resources.gpus", "scaling.maxReplicas", "contextLength")));
  }
}
