package org.slurmllm.catalog.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slurmllm.catalog.entity.ModelDefinition;
import org.slurmllm.catalog.entity.ModelDefinition.Container;
import org.slurmllm.catalog.entity.ModelDefinition.Resources;
import org.slurmllm.catalog.entity.ModelDefinition.Scaling;
import org.slurmllm.rest.ApiException;

class ModelPatchTest {

  static final ModelDefinition STORED =
      new ModelDefinition(
          "m",
          "llamacpp",
          "/models/m.gguf",
          null,
          List.of("--threads", "1"),
          new Resources(0, 1, 2, "cpu", null, null, null, 60, null),
          new Scaling(1, 2, 4, 10),
          512,
          List.of("physics"),
          Instant.parse("2026-12-01T00:00:00Z"),
          Instant.parse("2026-12-02T00:00:00Z"),
          new ModelDefinition.ServingStatus("serving", "1 of 1 ready", 1, null),
          "generate",
          new Container("podman", "localhost/runtime:1"),
          null);

  static JsonValue json(String text) {
    return Json.createReader(new StringReader(text)).readValue();
  }

  @Test
  void aNestedFieldChangesAndEverythingElseStays() {
    ModelDefinition d = ModelPatch.merge(STORED, json("{\"scaling\":{\"idleMinutes\":30}}"));
    assertEquals(new Scaling(1, 2, 4, 30), d.scaling());
    assertEquals(STORED.resources(), d.resources());
    assertEquals(STORED.engineArgs(), d.engineArgs());
    assertEquals(STORED.tenants(), d.tenants());
    assertEquals(STORED.container(), d.container());
    assertEquals(512, d.contextLength());
    assertEquals("m", d.name());
  }

  @Test
  void nullReturnsAFieldToItsDefault() {
    ModelDefinition d =
        ModelPatch.merge(
            STORED, json("{\"contextLength\":null,\"resources\":{\"partition\":null}}"));
    assertNull(d.contextLength());
    assertNull(d.resources().partition());
    assertEquals(
        ModelDefaults.CONTEXT_LENGTH, ModelDefaults.complete(d).contextLength(), "then defaulted");
    assertEquals(60, d.resources().timeLimitMinutes(), "the rest of resources stays");
  }

  @Test
  void arraysAreReplacedWhole() {
    ModelDefinition d = ModelPatch.merge(STORED, json("{\"engineArgs\":[\"--x\"],\"tenants\":[]}"));
    assertEquals(List.of("--x"), d.engineArgs());
    assertEquals(List.of(), d.tenants());
  }

  @Test
  void theDeprecatedImageReplacesTheContainerUnlessOneIsGiven() {
    ModelDefinition d = ModelPatch.merge(STORED, json("{\"image\":\"/images/x.sif\"}"));
    assertNull(d.container());
    assertEquals(
        new Container("apptainer", "/images/x.sif"), ModelDefaults.complete(d).container());
  }

  @Test
  void readOnlyFieldsAreIgnored() {
    ModelDefinition d =
        ModelPatch.merge(STORED, json("{\"status\":{\"state\":\"idle\"},\"createdAt\":\"x\"}"));
    assertNull(d.status());
    assertNull(d.createdAt());
    assertEquals(STORED.scaling(), d.scaling());
  }

  @Test
  void aModelIsNotRenamedButItsOwnNameMayBeGiven() {
    assertEquals("m", ModelPatch.merge(STORED, json("{\"name\":\"m\"}")).name());
    ApiException e =
        assertThrows(ApiException.class, () -> ModelPatch.merge(STORED, json("{\"name\":\"n\"}")));
    assertEquals("name", e.body().error().param());
  }

  @Test
  void unknownFieldsAreAllNamed() {
    ApiException e =
        assertThrows(
            ApiException.class,
            () ->
                ModelPatch.merge(
                    STORED, json("{\"scalling\":{},\"resources\":{\"gpu\":1,\"cpus\":2}}")));
    assertEquals(400, e.status().getStatusCode());
    assertEquals("scalling,resources.gpu", e.body().error().param());
    assertTrue(e.getMessage().contains("resources.gpu: unknown field"), e.getMessage());
  }

  @Test
  void aMemberOfTheWrongTypeIsA400() {
    ApiException e =
        assertThrows(
            ApiException.class,
            () -> ModelPatch.merge(STORED, json("{\"scaling\":{\"idleMinutes\":\"soon\"}}")));
    assertEquals(400, e.status().getStatusCode());
  }

  @Test
  void aPatchIsAnObject() {
    assertThrows(ApiException.class, () -> ModelPatch.merge(STORED, json("[1]")));
    assertThrows(ApiException.class, () -> ModelPatch.merge(STORED, JsonValue.NULL));
  }
}
