package org.slurmllm.rest;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Gives JAX-RS's own errors (unknown path, wrong method, unsupported media type) the same body as
 * everything else, keeping their status and headers (e.g. {@code Allow}); the code is a word
 * ({@link StatusCodes}), as every other error's.
 */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

  @Override
  public Response toResponse(WebApplicationException e) {
    Response original = e.getResponse();
    return Response.fromResponse(original)
        .type(MediaType.APPLICATION_JSON)
        .entity(body(original.getStatus(), original.getStatusInfo().getReasonPhrase()))
        .build();
  }

  /** The error body for a status JAX-RS chose; {@code reason} words the statuses not named here. */
  static ApiError body(int status, String reason) {
    String type = status >= 500 ? "server_error" : "invalid_request_error";
    String message =
        switch (status) {
          case 404 -> "No such resource.";
          case 405 -> "Method not allowed on this resource.";
          case 406 -> "Cannot produce the requested media type.";
          case 415 -> "Unsupported media type: send application/json.";
          default -> reason;
        };
    return ApiError.of(message, type, null, StatusCodes.word(status));
  }
}
