package org.slurmllm.catalog.control;

import jakarta.ws.rs.core.Response.Status;
import org.slurmllm.rest.ApiException;

/** A model of that name is already in the catalog. */
public class DuplicateModelException extends ApiException {
  public DuplicateModelException(String name) {
    super(
        Status.CONFLICT,
        "invalid_request_error",
        "model_exists",
        "name",
        "A model named '" + name + "' already exists.");
  }
}
