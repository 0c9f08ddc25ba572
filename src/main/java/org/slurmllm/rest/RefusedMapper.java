package org.slurmllm.rest;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A {@link Refusal} thrown inside JAX-RS: the same body as every other error, and its header. */
@Provider
public class RefusedMapper implements ExceptionMapper<Refusal.Refused> {

  @Override
  public Response toResponse(Refusal.Refused e) {
    Refusal refusal = e.refusal();
    Response.ResponseBuilder answer =
        Response.status(refusal.status()).type(MediaType.APPLICATION_JSON).entity(e.body());
    if (refusal.header() != null) {
      answer.header(refusal.header(), refusal.headerValue());
    }
    return answer.build();
  }
}
