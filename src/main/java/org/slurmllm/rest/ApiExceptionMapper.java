package org.slurmllm.rest;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Turns the application's own failures into OpenAI error bodies. */
@Provider
public class ApiExceptionMapper implements ExceptionMapper<ApiException> {

  @Override
  public Response toResponse(ApiException e) {
    Response.ResponseBuilder answer =
        Response.status(e.status()).type(MediaType.APPLICATION_JSON).entity(e.body());
    if (e instanceof TooManyRequests busy) {
      answer.header("Retry-After", Long.toString(busy.retryAfterSeconds()));
    }
    return answer.build();
  }
}
