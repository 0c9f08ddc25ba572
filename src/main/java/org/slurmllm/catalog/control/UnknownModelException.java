package org.slurmllm.catalog.control;

import jakarta.ws.rs.core.Response.Status;
import org.slurmllm.rest.ApiException;

/** No model of that name is in the catalog (OpenAI's 404 "model_not_found"). */
public class UnknownModelException extends ApiException {
  public UnknownModelException(String name) {
    super(
        Status.NOT_FOUND,
        "invalid_request_error",
        "model_not_found",
        "model",
        "The model '" + name + "' does not exist.");
  }
}
