package org.slurmllm.rest;

import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * A body that is not JSON, or JSON of the wrong shape, arrives here from the JSON-B reader. The
 * parser's own words say where it broke, so they go into the message.
 */
@Provider
public class MalformedBodyMapper implements ExceptionMapper<ProcessingException> {

  @Override
  public Response toResponse(ProcessingException e) {
    return invalidJson(rootMessage(e));
  }

  /** OpenAI's 400 for a body that cannot be read, with the parser's words. */
  static Response invalidJson(String why) {
    return Response.status(Response.Status.BAD_REQUEST)
        .type(MediaType.APPLICATION_JSON)
        .entity(
            ApiError.of(
                "Request body is not valid JSON for this endpoint: " + why,
                "invalid_request_error",
                null,
                "invalid_json"))
        .build();
  }

  /** The parser's messages from outermost to root, e.g. which property, then why. */
  static String rootMessage(Throwable e) {
    StringBuilder text = new StringBuilder();
    for (Throwable t = e.getCause() == null ? e : e.getCause(); t != null; t = t.getCause()) {
      String message = t.getMessage();
      if (message != null && !text.toString().contains(message)) {
        text.append(text.isEmpty() ? "" : ": ").append(message);
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return text.isEmpty() ? e.getClass().getSimpleName() : text.toString();
  }
}
