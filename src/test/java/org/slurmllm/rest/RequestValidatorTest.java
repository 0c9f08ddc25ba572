package org.slurmllm.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.validation.Validation;
import jakarta.ws.rs.core.Response.Status;
import org.junit.jupiter.api.Test;
import org.slurmllm.catalog.entity.ModelDefinition;

class RequestValidatorTest {

  final RequestValidator validator = new RequestValidator();

  {
    validator.validator = Validation.buildDefaultValidatorFactory().getValidator();
  }

  @Test
  void validBodyPassesThrough() {
    ModelDefinition ok =
        new ModelDefinition(
            "m", "sim", null, null, null, null, null, null, null, null, null, null, null, null,
            null);
    assertEquals(ok, validator.check(ok));
  }

  @Test
  void missingBodyIs400() {
    ApiException e = assertThrows(ApiException.class, () -> validator.check(null));
    assertEquals(Status.BAD_REQUEST, e.status());
  }

  @Test
  void oneErrorNamesEveryFieldSorted() {
    ModelDefinition bad =
        new ModelDefinition(
            "m",
            "warp",
            null,
            null,
            null,
            null,
            new ModelDefinition.Scaling(2, 1, null, null),
            0,
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    ApiException e = assertThrows(ApiException.class, () -> validator.check(bad));
    ApiError.Detail detail = e.body().error();
    assertEquals("contextLength,engine,scaling.maxReplicas", detail.param());
    assertEquals("invalid_request_error", detail.type());
    assertEquals(
        "Invalid request: contextLength: must be greater than 0; engine: must be one of vllm, llamacpp, sim, onnx, tribunal;"
            + " scaling.maxReplicas: must not be below minReplicas (2)",
        detail.message());
  }
}
