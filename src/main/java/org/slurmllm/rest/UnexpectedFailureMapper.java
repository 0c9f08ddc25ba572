package org.slurmllm.rest;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The last resort: a bug or an outage. The client gets an id to quote; the log gets the stack trace
 * under the same id. Internal details never reach the client.
 */
@Provider
public class UnexpectedFailureMapper implements ExceptionMapper<Throwable> {

  private static final Logger LOG = Logger.getLogger(UnexpectedFailureMapper.class.getName());

  @Override
  public Response toResponse(Throwable e) {
    if (DatabaseOutage.causes(e)) {
      LOG.warning(() -> "database unavailable: " + DatabaseOutage.state(e));
      return Response.status(Response.Status.SERVICE_UNAVAILABLE)
          .header("Retry-After", "5")
          .type(MediaType.APPLICATION_JSON)
          .entity(
              ApiError.of(
                  "The database is unavailable; retry shortly.",
                  "server_error",
                  null,
                  "database_unavailable"))
          .build();
    }
    String incident = UUID.randomUUID().toString();
    LOG.log(Level.SEVERE, e, () -> "Unexpected failure, incident " + incident);
    return Response.serverError()
        .type(MediaType.APPLICATION_JSON)
        .entity(
            ApiError.of(
                "Internal error; quote incident " + incident + " to the operators.",
                "server_error",
                null,
                "internal_error"))
        .build();
  }
}
