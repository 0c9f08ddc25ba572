package org.slurmllm.catalog.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.slurmllm.catalog.entity.ModelDefinition;
import org.slurmllm.catalog.entity.ModelDefinition.Container;
import org.slurmllm.catalog.entity.ModelDefinition.Resources;
import org.slurmllm.rest.FieldProblems;

/** Which models may run a replica over several nodes. */
class SpanningNodesTest {

  static FieldProblems problems(String engine, Integer nodes, Container container) {
    ModelDefinition d =
        new ModelDefinition(
            "m",
            engine,
            "/w",
            null,
            List.of(),
            new Resources(0, 1, 1, null, null, null, null, 30, nodes),
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            container,
            null);
    FieldProblems problems = new FieldProblems();
    ModelCatalog.spanningNodes(d, problems);
    return problems;
  }

  @Test
  void vllmAndSimSpanNodesWithoutAContainer() {
    assertTrue(problems("vllm", 4, null).isEmpty());
    assertTrue(problems("sim", 2, null).isEmpty());
    assertTrue(problems("llamacpp", 1, new Container("podman", "img")).isEmpty(), "one node");
    assertTrue(problems("llamacpp", null, null).isEmpty(), "not given: one node");
  }

  @Test
  void anotherEngineOrAContainerOverSeveralNodesIsRefusedNamingTheField() {
    FieldProblems llama = problems("llamacpp", 2, null);
    assertEquals("resources.nodes", llama.param());
    assertTrue(llama.message().contains("engine llamacpp runs a replica on one node"));
    FieldProblems contained = problems("vllm", 2, new Container("podman", "img"));
    assertEquals("resources.nodes", contained.param());
    assertTrue(contained.message().contains("without a container"), contained.message());
  }
}
