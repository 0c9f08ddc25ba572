package org.slurmllm.catalog.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.slurmllm.catalog.entity.ModelDefinition;
import org.slurmllm.catalog.entity.ModelDefinition.Resources;
import org.slurmllm.catalog.entity.ModelDefinition.Scaling;

class ModelDefaultsTest {

  static ModelDefinition bare(String engine) {
    return new ModelDefinition(
        "m", engine, "/w", null, null, null, null, null, null, null, null, null, null, null, null);
  }

  @Test
  void vllmGetsAGpuAndRoomForWeights() {
    ModelDefinition m = ModelDefaults.complete(bare("vllm"));
    assertEquals(1, m.resources().gpus());
    assertEquals(8, m.resources().cpus());
    assertEquals(64, m.resources().memoryGb());
  }

  @Test
  void cpuEnginesGetNoGpu() {
    for (String engine : List.of("llamacpp", "sim")) {
      ModelDefinition m = ModelDefaults.complete(bare(engine));
      assertEquals(0, m.resources().gpus(), engine);
      assertEquals(1, m.resources().cpus(), engine);
    }
  }

  @Test
  void everythingOmittedGetsAValue() {
    ModelDefinition m = ModelDefaults.complete(bare("sim"));
    assertEquals(List.of(), m.engineArgs());
    assertEquals(ModelDefaults.TIME_LIMIT_MINUTES, m.resources().timeLimitMinutes());
    assertNull(m.resources().partition(), "the cluster's default partition");
    assertEquals(
        new Scaling(0, 1, ModelDefaults.TARGET_CONCURRENCY, ModelDefaults.IDLE_MINUTES),
        m.scaling());
    assertEquals(ModelDefaults.CONTEXT_LENGTH, m.contextLength());
  }

  @Test
  void givenValuesAreKept() {
    ModelDefinition given =
        new ModelDefinition(
            "m",
            "vllm",
            "/w",
            "/i.sif",
            List.of("--x"),
            new Resources(0, 3, 5, "p", "a", "q", "c", 7, 2),
            new Scaling(2, 5, 9, 0),
            77,
            List.of("physics", "chemistry"),
            null,
            null,
            null,
            null,
            null,
            null);
    ModelDefinition complete = ModelDefaults.complete(given);
    assertEquals(List.of("chemistry", "physics"), complete.tenants(), "sorted, kept");
    assertEquals(given.engineArgs(), complete.engineArgs());
    assertEquals(given.resources(), complete.resources());
    assertEquals(given.scaling(), complete.scaling());
    assertEquals(given.contextLength(), complete.contextLength());
    assertEquals(
        new ModelDefinition.Container("apptainer", "/i.sif"),
        complete.container(),
        "an image alone is an Apptainer image, as before there were runtimes");
    assertNull(complete.image(), "read back as the container only");
  }

  @Test
  void aContainerIsKeptAsGiven() {
    ModelDefinition.Container podman =
        new ModelDefinition.Container("podman", "localhost/slurmllm-runtime:1");
    ModelDefinition m =
        ModelDefaults.complete(
            new ModelDefinition(
                "m", "sim", null, null, null, null, null, null, null, null, null, null, null,
                podman, null));
    assertEquals(podman, m.container());
    assertNull(
        ModelDefaults.complete(
                new ModelDefinition(
                    "m", "sim", null, null, null, null, null, null, null, null, null, null, null,
                    null, null))
            .container(),
        "no container: none");
  }

  @Test
  void maxReplicasDefaultsToAtLeastMin() {
    ModelDefinition m =
        ModelDefaults.complete(
            new ModelDefinition(
                "m",
                "sim",
                null,
                null,
                null,
                null,
                new Scaling(3, null, null, null),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null));
    assertEquals(3, m.scaling().maxReplicas());
  }
}
